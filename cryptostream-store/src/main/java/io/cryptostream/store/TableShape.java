package io.cryptostream.store;

import com.datastax.oss.driver.api.core.metadata.schema.ClusteringOrder;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The columns and primary key a table must have. One description yields the {@code CREATE TABLE} statement and
 * the check of a table that already exists, the column list of its reads and the columns a writer sends, so
 * none of them can drift apart.
 */
public record TableShape(String name, Map<String, DataType> columns, List<String> partitionKey,
                  Map<String, ClusteringOrder> clustering) {

    public TableShape {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        partitionKey = List.copyOf(partitionKey);
        clustering = Collections.unmodifiableMap(new LinkedHashMap<>(clustering));
    }

    /** The column names in table order, comma-separated, for a {@code SELECT}. */
    public String columnList() {
        return String.join(", ", columns.keySet());
    }

    /** The upsert of one whole row, its values bound in table order: Cassandra's INSERT replaces the row's columns. */
    public String insertStatement(String keyspace) {
        return "INSERT INTO " + keyspace + "." + name + " (" + columnList() + ") VALUES ("
                + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
    }

    String createStatement(String keyspace) {
        String columnList = columns.entrySet().stream()
                .map(c -> "  " + c.getKey() + " " + c.getValue().asCql(false, true))
                .collect(Collectors.joining(",\n"));
        return "CREATE TABLE IF NOT EXISTS " + keyspace + "." + name + " (\n" + columnList + ",\n"
                + "  PRIMARY KEY " + primaryKeyCql(partitionKey, List.copyOf(clustering.keySet())) + "\n"
                + ") WITH CLUSTERING ORDER BY ("
                + clustering.entrySet().stream().map(c -> c.getKey() + " " + c.getValue())
                        .collect(Collectors.joining(", "))
                + ")";
    }

    /** What differs between this shape and an existing table, one sentence each; empty when compatible. */
    List<String> differences(TableMetadata existing) {
        List<String> problems = new ArrayList<>();
        List<String> existingPartitionKey = existing.getPartitionKey().stream()
                .map(c -> c.getName().asInternal()).toList();
        Map<String, ClusteringOrder> existingClustering = new LinkedHashMap<>();
        existing.getClusteringColumns().forEach((c, order) -> existingClustering.put(c.getName().asInternal(), order));
        if (!existingPartitionKey.equals(partitionKey) || !List.copyOf(existingClustering.entrySet()).equals(
                List.copyOf(clustering.entrySet()))) {
            problems.add("its primary key is " + primaryKeyCql(existingPartitionKey, existingClustering)
                    + " but cryptostream needs " + primaryKeyCql(partitionKey, clustering));
        }
        columns.forEach((column, type) -> {
            ColumnMetadata found = existing.getColumn(column).orElse(null);
            if (found == null) {
                problems.add("column " + column + " " + type.asCql(false, true) + " is missing");
            } else if (!found.getType().equals(type)) {
                problems.add("column " + column + " is " + found.getType().asCql(false, true)
                        + " but cryptostream writes " + type.asCql(false, true));
            }
        });
        return problems;
    }

    private static String primaryKeyCql(List<String> partition, List<String> clusteringColumns) {
        return "((" + String.join(", ", partition) + ")"
                + (clusteringColumns.isEmpty() ? "" : ", " + String.join(", ", clusteringColumns)) + ")";
    }

    private static String primaryKeyCql(List<String> partition, Map<String, ClusteringOrder> clusteringColumns) {
        return primaryKeyCql(partition, clusteringColumns.entrySet().stream()
                .map(c -> c.getKey() + (c.getValue() == ClusteringOrder.DESC ? " DESC" : "")).toList());
    }
}
