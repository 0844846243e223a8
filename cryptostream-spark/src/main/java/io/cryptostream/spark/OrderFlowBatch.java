package io.cryptostream.spark;

import io.cryptostream.store.StoreSchema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The order-flow rows one micro-batch changed, each with its complete value so far (update mode), in the table
 * layout of {@value StoreSchema#ORDER_FLOW_TABLE} ({@link TableLayout}). Writing a batch again (a replay after a
 * restart) writes the same values.
 */
public record OrderFlowBatch(long batchId, Dataset<Row> windows) {
}
