package io.cryptostream.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;

/**
 * Where the aggregates are stored.
 *
 * @param host            contact point host, default {@code 127.0.0.1}
 * @param port            CQL native port, default {@code 19042} (off the standard 9042 on purpose)
 * @param localDatacenter data centre the driver routes to, default {@code datacenter1} (SimpleSnitch's name)
 * @param keyspace        keyspace holding both tables, default {@code cryptocompare}
 * @param replication     used only when the keyspace is created, default SimpleStrategy 1
 * @param security        authentication and TLS, default none
 * @param moreHosts       further contact points of the same cluster, on the same port (the connector takes one port),
 *                        so that a client starts while {@code host} is down; default none
 * @param consistency     of every read and write, default {@code LOCAL_QUORUM}: a majority of the local data centre's
 *                        replicas, which on one node is that node
 */
public record CassandraSettings(String host, int port, String localDatacenter, String keyspace,
                                Replication replication, CassandraSecurity security, List<String> moreHosts,
                                DefaultConsistencyLevel consistency) {

    public CassandraSettings(String host, int port, String localDatacenter, String keyspace, Replication replication) {
        this(host, port, localDatacenter, keyspace, replication, CassandraSecurity.none());
    }

    public CassandraSettings(String host, int port, String localDatacenter, String keyspace, Replication replication,
                             CassandraSecurity security) {
        this(host, port, localDatacenter, keyspace, replication, security, List.of(), DEFAULT_CONSISTENCY);
    }

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 19042;
    public static final String DEFAULT_DATACENTER = "datacenter1";
    public static final String DEFAULT_KEYSPACE = "cryptocompare";
    public static final DefaultConsistencyLevel DEFAULT_CONSISTENCY = DefaultConsistencyLevel.LOCAL_QUORUM;

    public CassandraSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(localDatacenter, "localDatacenter");
        Objects.requireNonNull(replication, "replication");
        Objects.requireNonNull(security, "security");
        moreHosts = List.copyOf(moreHosts);
        Objects.requireNonNull(consistency, "consistency");
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
        return new CassandraSettings(newHost, newPort, localDatacenter, keyspace, replication, security, List.of(),
                consistency);
    }

    public CassandraSettings withKeyspace(String newKeyspace) {
        return new CassandraSettings(host, port, localDatacenter, newKeyspace, replication, security, moreHosts,
                consistency);
    }

    public CassandraSettings withSecurity(CassandraSecurity newSecurity) {
        return new CassandraSettings(host, port, localDatacenter, keyspace, replication, newSecurity, moreHosts,
                consistency);
    }

    /** {@code host} first, then {@link #moreHosts}. */
    public List<String> contactHosts() {
        List<String> hosts = new ArrayList<>();
        hosts.add(host);
        hosts.addAll(moreHosts);
        return hosts;
    }

    /** host:port, or every contact point's, comma separated, as shown in messages. */
    public String address() {
        return String.join(",", contactHosts().stream().map(contact -> contact + ":" + port).toList());
    }
}
