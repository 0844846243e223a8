package io.cryptostream.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Where the trade job sets aside the records it rejects, durably, so that a restart neither loses them nor resets
 * their count. Called on the driver once per micro-batch of the dead-letter query with at least one record; columns
 * as {@link TradeJsonParser#rejectedRecords}. A batch run again after a crash is written again (at least once).
 */
public interface RejectedRecordSink {

    void write(Dataset<Row> rejected);

    /** For messages, e.g. {@code kafka topic trades.rejected at 127.0.0.1:19092}. */
    String describe();
}
