package io.cryptostream.spark;

import io.cryptostream.domain.RejectReason;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

import java.nio.file.Path;
import java.util.concurrent.TimeoutException;

/**
 * The dead-letter query: a small stateless streaming query next to the window query that sets every rejected
 * record aside in the source's {@link RejectedRecordSink} and counts it per reason and exchange. It has its own
 * checkpoint, {@value #CHECKPOINT_SUBDIRECTORY} inside the job's, so it resumes where it stopped independently of
 * the window query.
 */
final class RejectedTradesQuery {

    static final String CHECKPOINT_SUBDIRECTORY = "rejected";

    private RejectedTradesQuery() {
    }

    static StreamingQuery start(JobSettings settings, Dataset<Row> rejectedRecords, RejectedRecordSink sink,
                                TradeWindowMetrics metrics) {
        try {
            return rejectedRecords.writeStream()
                    .queryName(settings.queryName() + "-rejected")
                    .trigger(Trigger.ProcessingTime(settings.triggerInterval().toMillis()))
                    .option("checkpointLocation",
                            Path.of(settings.checkpointDir(), CHECKPOINT_SUBDIRECTORY).toString())
                    .foreachBatch(new SetAside(sink, metrics))
                    .start();
        } catch (TimeoutException | RuntimeException e) {
            throw JobCheckpoint.explain(e, settings);
        }
    }

    /** Runs on the driver for each micro-batch: write first, then count, so every counted record is kept. */
    private record SetAside(RejectedRecordSink sink, TradeWindowMetrics metrics)
            implements VoidFunction2<Dataset<Row>, Long> {
        @Override
        public void call(Dataset<Row> batch, Long batchId) {
            Dataset<Row> rejected = batch.persist();
            try {
                var counts = rejected.groupBy("reason", "exchange").count().collectAsList();
                if (counts.isEmpty()) {
                    return;
                }
                sink.write(rejected);
                for (Row count : counts) {
                    metrics.rejected(RejectReason.valueOf(count.getString(0)), count.getString(1), count.getLong(2));
                }
            } finally {
                // Blocking: no removal is left in flight for Spark to reject, with a printed trace, as it stops.
                rejected.unpersist(true);
            }
        }
    }
}
