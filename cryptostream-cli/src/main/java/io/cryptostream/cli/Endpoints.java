package io.cryptostream.cli;

import io.cryptostream.servers.LocalServers;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.ServerPort;
import io.cryptostream.servers.ServerSettings;
import io.cryptostream.store.CassandraSecurity;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.Replication;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where Kafka and Cassandra are: the configured ones, or else the local servers of the work dir, started on
 * demand (a person who configured nothing gets a working setup; one who configured a cluster never gets a
 * surprise local server).
 */
public record Endpoints(String kafkaBootstrapServers, CassandraSettings cassandra) {

    /** The port of a Cassandra contact point given without one. */
    public static final int CASSANDRA_STANDARD_PORT = 9042;
    static final String CASSANDRA_PASSWORD = "CASSANDRA_PASSWORD";
    static final String CASSANDRA_TRUSTSTORE_PASSWORD = "CASSANDRA_TRUSTSTORE_PASSWORD";

    public static Endpoints resolve(CryptostreamConfig config, PrintStream out) {
        Optional<String> kafka = config.optionalString("kafka.bootstrap-servers");
        // A configured contact point is read before any local server starts, so a typo in it ends the command first.
        Optional<CassandraSettings> cassandra = config.optionalString("cassandra.contact-point")
                .map(contactPoint -> cassandraSettings(config, contactPoint));
        ServerEndpoints local = null;
        if (kafka.isEmpty() || cassandra.isEmpty()) {
            LocalServers servers = new LocalServers(serverSettings(config));
            out.println("No " + (kafka.isEmpty() && cassandra.isEmpty() ? "Kafka or Cassandra"
                    : kafka.isEmpty() ? "Kafka" : "Cassandra") + " configured: using the local servers in "
                    + servers.workDir() + " (starting them if needed)...");
            long started = System.nanoTime();
            local = servers.start();
            out.printf("Local Kafka at %s and Cassandra at %s ready (%.1f s). Stop them with ./cryptostream servers stop%n",
                    local.kafkaBootstrapServers(), local.cassandraHostPort(), (System.nanoTime() - started) / 1e9);
        }
        String bootstrap = kafka.orElse(local == null ? null : local.kafkaBootstrapServers());
        String localCassandra = local == null ? null : local.cassandraHostPort();
        return new Endpoints(bootstrap, cassandra.orElseGet(() -> cassandraSettings(config, localCassandra)));
    }

    /** Only Cassandra: the configured one, or the local one (started if needed). */
    public static CassandraSettings resolveCassandra(CryptostreamConfig config, PrintStream out) {
        Optional<String> cassandra = config.optionalString("cassandra.contact-point");
        return cassandra.isPresent() ? cassandraSettings(config, cassandra.get()) : resolve(config, out).cassandra();
    }

    public static ServerSettings serverSettings(CryptostreamConfig config) {
        return ServerSettings.defaults()
                .withWorkDir(config.workDir().resolve("servers"))
                .withPort(ServerPort.KAFKA, config.integer("servers.kafka-port"))
                .withPort(ServerPort.KAFKA_CONTROLLER, config.integer("servers.kafka-controller-port"))
                .withPort(ServerPort.CASSANDRA_CQL, config.integer("servers.cassandra-port"))
                .withPort(ServerPort.CASSANDRA_STORAGE, config.integer("servers.cassandra-storage-port"))
                .withPort(ServerPort.CASSANDRA_JMX, config.integer("servers.cassandra-jmx-port"));
    }

    /**
     * Cassandra settings for contact points {@code HOST[:PORT]}, comma separated, all on one port (the Spark connector
     * takes one), with keyspace, replication and consistency from the config.
     */
    public static CassandraSettings cassandraSettings(CryptostreamConfig config, String contactPoints) {
        List<String> hosts = new ArrayList<>();
        Set<Integer> ports = new TreeSet<>();
        for (String contactPoint : contactPoints.split(",")) {
            String host = contactPoint.trim();
            int port = CASSANDRA_STANDARD_PORT;
            int colon = host.lastIndexOf(':');
            if (colon > 0) {
                try {
                    port = Integer.parseInt(host.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw config.invalid("cassandra.contact-point", "'" + contactPoint
                            + "' is not HOST or HOST:PORT (e.g. 127.0.0.1:9042)");
                }
                host = host.substring(0, colon);
            }
            hosts.add(host);
            ports.add(port);
        }
        if (ports.size() > 1) {
            throw config.invalid("cassandra.contact-point", "'" + contactPoints + "' names the ports " + ports
                    + ": every contact point must use the same port");
        }
        return new CassandraSettings(hosts.get(0), ports.iterator().next(), config.string("cassandra.datacenter"),
                config.string("cassandra.keyspace"), replication(config), cassandraSecurity(config, System.getenv()),
                hosts.subList(1, hosts.size()), consistency(config));
    }

    private static DefaultConsistencyLevel consistency(CryptostreamConfig config) {
        String level = config.string("cassandra.consistency");
        try {
            return DefaultConsistencyLevel.valueOf(level.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw config.invalid("cassandra.consistency", "must be one of "
                    + Arrays.toString(DefaultConsistencyLevel.values()) + ", was " + level);
        }
    }

    /**
     * Authentication and TLS for the driver and the Spark connector: the user from the config, passwords from
     * {@code environment} ({@value #CASSANDRA_PASSWORD}, {@value #CASSANDRA_TRUSTSTORE_PASSWORD}) or the files the
     * config names, never from the command line.
     */
    static CassandraSecurity cassandraSecurity(CryptostreamConfig config, Map<String, String> environment) {
        Optional<String> username = config.optionalString("cassandra.username");
        Optional<String> password = username.isEmpty() ? Optional.empty() : SecretSource.read(environment,
                CASSANDRA_PASSWORD, config.optionalString("cassandra.password-file").map(Path::of));
        Optional<Path> truststore = config.optionalString("cassandra.tls.truststore").map(Path::of);
        Optional<String> truststorePassword = truststore.isEmpty() ? Optional.empty() : SecretSource.read(environment,
                CASSANDRA_TRUSTSTORE_PASSWORD,
                config.optionalString("cassandra.tls.truststore-password-file").map(Path::of));
        return new CassandraSecurity(username, password, truststore, truststorePassword);
    }

    private static Replication replication(CryptostreamConfig config) {
        String strategy = config.string("cassandra.replication.class");
        return switch (strategy) {
            case "SimpleStrategy" -> new Replication.SimpleStrategy(config.integer("cassandra.replication.replication-factor"));
            case "NetworkTopologyStrategy" -> {
                Map<String, Integer> factors = config.integers("cassandra.replication.datacenter-replication");
                if (factors.isEmpty()) {
                    throw config.invalid("cassandra.replication.datacenter-replication", "NetworkTopologyStrategy "
                            + "needs the replication factor of each datacenter, e.g. {datacenter1 = 3}");
                }
                yield new Replication.NetworkTopologyStrategy(factors);
            }
            default -> throw config.invalid("cassandra.replication.class", "must be SimpleStrategy or "
                    + "NetworkTopologyStrategy, was " + strategy);
        };
    }
}
