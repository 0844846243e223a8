package io.cryptostream.servers;

import java.math.BigInteger;
import java.util.List;

/**
 * The nodes of one Cassandra ring on loopback addresses (Linux routes all of 127/8 to loopback): node {@code i}
 * listens on {@code hosts.get(i)}, all on the same storage and CQL ports, with one token each, spread evenly over
 * Murmur3's range. The first node is the one every node contacts to join.
 */
record CassandraRing(List<String> hosts) {

    private static final BigInteger TOKEN_RANGE = BigInteger.TWO.pow(64);
    private static final BigInteger MAX_TOKEN = BigInteger.TWO.pow(63);

    CassandraRing {
        hosts = List.copyOf(hosts);
    }

    static CassandraRing single() {
        return new CassandraRing(List.of(LocalServers.HOST));
    }

    /** {@code 127.0.0.1}, {@code 127.0.0.2}, ... */
    static CassandraRing onLoopback(int nodes) {
        return new CassandraRing(java.util.stream.IntStream.rangeClosed(1, nodes).mapToObj(i -> "127.0.0." + i)
                .toList());
    }

    int size() {
        return hosts.size();
    }

    String host(int node) {
        return hosts.get(node);
    }

    /** The address new nodes gossip with first, {@code host:storagePort}. */
    String contactNode(int storagePort) {
        return hosts.get(0) + ":" + storagePort;
    }

    /** Node {@code i}'s token: {@code i * 2^64 / n}, shifted into the signed range; 0 for the first node. */
    long initialToken(int node) {
        BigInteger token = TOKEN_RANGE.multiply(BigInteger.valueOf(node)).divide(BigInteger.valueOf(size()));
        return (token.compareTo(MAX_TOKEN) >= 0 ? token.subtract(TOKEN_RANGE) : token).longValueExact();
    }
}
