package io.cryptostream.store;

import java.util.Objects;

/**
 * Where the aggregates are stored.
 *
 * @param host            contact point host, default {@code 127.0.0.1}
 * @param port            CQL native port, default {@code 19042} (off the standard 9042 on purpose)
 * @param localDatacenter data centre the driver routes to, default {@code datacenter1} (SimpleSnitch's name)
 * @param keyspace        keyspace holding both tables, default {@code cryptocompare}
 * @param replication     used only when the keyspace is created, default SimpleStrategy 1
 * @param security        authentication and TLS, default none
 */
public record CassandraSettings(String host, int port, String localDatacenter, String keyspace,
                                Replication replication, CassandraSecurity security) {

    public CassandraSettings(String host, int port, String localDatacenter, String keyspace, Replication replication) {
        this(host, port, localDatacenter, keyspace, replication, CassandraSecurity.none());
    }

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 19042;
    public static final String DEFAULT_DATACENTER = "datacenter1";
    public static final String DEFAULT_KEYSPACE = "cryptocompare";

    public CassandraSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(localDatacenter, "localDatacenter");
        Objects.requireNonNull(replication, "replication");
        Objects.requireNonNull(security, "security");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Cassandra port must be 1..65535, was " + port);
        }
        // The keyspace is spliced into CQL text, so only plain identifiers are accepted.
        if (keyspace == null || !keyspace.matches("[A-Za-z][A-Za-z0-9_]{0,47}")) {
            throw new IllegalArgumentException("keyspace must be a plain CQL identifier"
                    + " (letter, then letters, digits or _; at most 48), was '" + keyspace + "'");
        }
    }

    public static CassandraSettings defaults() {
        return new CassandraSettings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_DATACENTER, DEFAULT_KEYSPACE,
                new Replication.SimpleStrategy(1));
    }

    public CassandraSettings withContactPoint(String newHost, int newPort) {
        return new CassandraSettings(newHost, newPort, localDatacenter, keyspace, replication, security);
    }

    public CassandraSettings withKeyspace(String newKeyspace) {
        return new CassandraSettings(host, port, localDatacenter, newKeyspace, replication, security);
    }

    public CassandraSettings withSecurity(CassandraSecurity newSecurity) {
        return new CassandraSettings(host, port, localDatacenter, keyspace, replication, newSecurity);
    }

    /** host:port, as shown in messages. */
    public String address() {
        return host + ":" + port;
    }
}
