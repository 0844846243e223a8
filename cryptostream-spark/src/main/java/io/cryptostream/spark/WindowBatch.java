package io.cryptostream.spark;

import io.cryptostream.store.StoreSchema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The windows one micro-batch changed, each with its complete value so far (update mode), as the rows of
 * {@value StoreSchema#WINDOWS_TABLE} and {@value StoreSchema#CANDLES_TABLE} in their table layout
 * ({@link TableLayout}). Writing a batch again (a replay after a restart) writes the same values.
 */
public record WindowBatch(long batchId, Dataset<Row> directionWindows, Dataset<Row> candles) {
}
