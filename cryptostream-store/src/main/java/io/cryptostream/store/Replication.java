package io.cryptostream.store;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** How the keyspace is replicated: the CQL {@code replication} map of {@code CREATE KEYSPACE}. */
public sealed interface Replication {

    /** The replication map as CQL, e.g. {@code {'class': 'SimpleStrategy', 'replication_factor': 1}}. */
    String toCql();

    /** One replication factor for the whole cluster: fine for a single node or a single data centre. */
    record SimpleStrategy(int factor) implements Replication {
        public SimpleStrategy {
            if (factor < 1) {
                throw new IllegalArgumentException("replication factor must be at least 1, was " + factor);
            }
        }

        @Override
        public String toCql() {
            return "{'class': 'SimpleStrategy', 'replication_factor': " + factor + "}";
        }
    }

    /** A replication factor per data centre, e.g. {@code {datacenter1=3, datacenter2=2}}. */
    record NetworkTopologyStrategy(Map<String, Integer> factorsByDatacenter) implements Replication {
        public NetworkTopologyStrategy {
            if (factorsByDatacenter.isEmpty()) {
                throw new IllegalArgumentException("NetworkTopologyStrategy needs at least one data centre");
            }
            factorsByDatacenter.forEach((dc, factor) -> {
                if (!dc.matches("[A-Za-z0-9_.\\-]+")) {
                    throw new IllegalArgumentException("invalid data centre name '" + dc + "'");
                }
                if (factor == null || factor < 1) {
                    throw new IllegalArgumentException("replication factor for data centre " + dc
                            + " must be at least 1, was " + factor);
                }
            });
            factorsByDatacenter = Map.copyOf(factorsByDatacenter);
        }

        @Override
        public String toCql() {
            return new TreeMap<>(factorsByDatacenter).entrySet().stream()
                    .map(e -> "'" + e.getKey() + "': " + e.getValue())
                    .collect(Collectors.joining(", ", "{'class': 'NetworkTopologyStrategy', ", "}"));
        }
    }
}
