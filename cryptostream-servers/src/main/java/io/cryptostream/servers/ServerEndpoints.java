package io.cryptostream.servers;

import java.net.InetSocketAddress;

/** Where clients reach the running servers. */
public record ServerEndpoints(String host, int kafkaPort, int cassandraPort) {

    /** The data centre of the local Cassandra node (SimpleSnitch); the driver needs it with explicit contact points. */
    public static final String CASSANDRA_DATACENTER = "datacenter1";

    /**
     * The superuser Cassandra creates on first start under password authentication; its password is the same word.
     * Only for setting up roles on a throwaway test node.
     */
    public static final String CASSANDRA_SUPERUSER = "cassandra";

    /** Value for Kafka's {@code bootstrap.servers}, e.g. {@code 127.0.0.1:19092}. */
    public String kafkaBootstrapServers() {
        return host + ":" + kafkaPort;
    }

    /** The CQL endpoint as {@code host:port}. */
    public String cassandraHostPort() {
        return host + ":" + cassandraPort;
    }

    /** Contact point for the Cassandra driver's {@code CqlSession.builder().addContactPoint(...)}. */
    public InetSocketAddress cassandraContactPoint() {
        return new InetSocketAddress(host, cassandraPort);
    }

    public String cassandraDatacenter() {
        return CASSANDRA_DATACENTER;
    }
}
