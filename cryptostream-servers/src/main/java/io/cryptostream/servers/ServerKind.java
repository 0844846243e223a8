package io.cryptostream.servers;

import java.util.List;

/** The two servers this module runs, with what it takes to launch each one as a child JVM. */
public enum ServerKind {
    KAFKA("Kafka", "kafka", "kafka-broker.classpath", "kafka.Kafka"),
    CASSANDRA("Cassandra", "cassandra", "cassandra-server.classpath", "org.apache.cassandra.service.CassandraDaemon");

    private final String displayName;
    private final String key;
    private final String classpathResource;
    private final String mainClass;

    ServerKind(String displayName, String key, String classpathResource, String mainClass) {
        this.displayName = displayName;
        this.key = key;
        this.classpathResource = classpathResource;
        this.mainClass = mainClass;
    }

    public String displayName() {
        return displayName;
    }

    /** Lower-case name used for its directory under the work dir and in the state file. */
    public String key() {
        return key;
    }

    /** Resource (next to this class) holding the server's runtime classpath, recorded at build time. */
    String classpathResource() {
        return classpathResource;
    }

    String mainClass() {
        return mainClass;
    }

    /** The port clients connect to: the Kafka bootstrap port or the Cassandra CQL port. */
    public ServerPort clientPort() {
        return switch (this) {
            case KAFKA -> ServerPort.KAFKA;
            case CASSANDRA -> ServerPort.CASSANDRA_CQL;
        };
    }

    public List<ServerPort> ports() {
        return ServerPort.of(this);
    }
}
