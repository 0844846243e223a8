package io.cryptostream.spark;

import io.cryptostream.store.StoreSchema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.List;

/**
 * The windows one micro-batch changed, each with its complete value so far (update mode), as the rows of
 * {@value StoreSchema#WINDOWS_TABLE} and {@value StoreSchema#CANDLES_TABLE} in their table layout
 * ({@link TableLayout}). Writing a batch again (a replay after a restart) writes the same values.
 *
 * @param tables one column per table, named by the table: {@value StoreSchema#WINDOWS_TABLE} holds an array of
 *               rows, {@value StoreSchema#CANDLES_TABLE} one row or null ({@link WindowRows#tables}). Read it once:
 *               each read of a batch runs its stateful operators again, which the RocksDB state store refuses;
 *               the last column, {@value #NEWEST_RECEIVED}, holds the newest receive time of each row's trades
 */
public record WindowBatch(long batchId, Dataset<Row> tables) {

    /** The column of {@link #tables} with the newest receive time of a row's trades: how fresh a written row is. */
    public static final String NEWEST_RECEIVED = "newest_received";

    /** The batch's rows of both tables, collected to the driver in one read (console sinks, tests). */
    public Collected collect() {
        List<Row> directionWindows = new ArrayList<>();
        List<Row> candles = new ArrayList<>();
        for (Row row : tables.collectAsList()) {
            directionWindows.addAll(row.getList(row.fieldIndex(StoreSchema.WINDOWS_TABLE)));
            Row candle = row.getStruct(row.fieldIndex(StoreSchema.CANDLES_TABLE));
            if (candle != null) {
                candles.add(candle);
            }
        }
        return new Collected(directionWindows, candles);
    }

    /** The rows of each table, in its layout. */
    public record Collected(List<Row> directionWindows, List<Row> candles) {
    }
}
