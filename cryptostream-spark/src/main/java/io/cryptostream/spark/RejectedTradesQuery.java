package io.cryptostream.spark;

import io.cryptostream.domain.RejectReason;
import io.cryptostream.domain.TradeCheck;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.OffsetSeq;
import org.apache.spark.sql.execution.streaming.OffsetSeqLog;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import scala.Option;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The dead-letter query: a small stateless streaming query next to the window query that sets every rejected
 * record aside in the source's {@link RejectedRecordSink} and counts it per reason and exchange. It has its own
 * checkpoint, {@value #CHECKPOINT_SUBDIRECTORY} inside the job's, so it resumes where it stopped independently of
 * the window query.
 *
 * <p>It reads the source's records undecoded. For a Kafka topic, each batch first waits for the window query to
 * have checked the same offsets, then decodes and checks only the records outside the ranges the window query found
 * all valid ({@link AcceptedOffsets}): a batch of valid trades costs no Spark job at all here. Records of batches
 * the window query ran before this process started, or of batches with a rejected record, are checked again here.
 */
final class RejectedTradesQuery {

    static final String CHECKPOINT_SUBDIRECTORY = "rejected";
    /**
     * The least time a batch waits for the window query before checking its records itself: long, since a slow or
     * retrying window query is when a second decode of every record costs most.
     */
    private static final Duration LEAST_WAIT = Duration.ofMinutes(10);

    private RejectedTradesQuery() {
    }

    /**
     * @param records           the source's records, undecoded
     * @param accepted          what the window query found valid so far
     * @param windowQueryActive whether the window query still runs, so that a batch stops waiting for it
     */
    static StreamingQuery start(SparkSession spark, JobSettings settings, Dataset<Row> records, RejectedRecordSink sink,
                                TradeWindowMetrics metrics, AcceptedOffsets accepted,
                                BooleanSupplier windowQueryActive) {
        String checkpoint = JobCheckpoint.subdirectory(settings.checkpointDir(), CHECKPOINT_SUBDIRECTORY);
        Duration patience = settings.triggerInterval().multipliedBy(4).compareTo(LEAST_WAIT) > 0
                ? settings.triggerInterval().multipliedBy(4) : LEAST_WAIT;
        try {
            return records.writeStream()
                    .queryName(settings.queryName() + "-rejected")
                    .trigger(Trigger.ProcessingTime(settings.triggerInterval().toMillis()))
                    .option("checkpointLocation", checkpoint)
                    .foreachBatch(new SetAside(spark, JobCheckpoint.subdirectory(checkpoint, "offsets"), settings.tradeCheck(),
                            sink, metrics, accepted, windowQueryActive, patience))
                    .start();
        } catch (TimeoutException | RuntimeException e) {
            throw JobCheckpoint.explain(e, settings);
        }
    }

    /**
     * Runs on the driver for each micro-batch: check what the window query has not found valid, write the rejected
     * records, then count them, so every counted record is kept.
     *
     * @param offsetLog this query's offset log, which names each batch's end offsets before the batch runs
     */
    private record SetAside(SparkSession spark, String offsetLog, TradeCheck tradeCheck, RejectedRecordSink sink,
                            TradeWindowMetrics metrics, AcceptedOffsets accepted, BooleanSupplier windowQueryActive,
                            Duration patience) implements VoidFunction2<Dataset<Row>, Long> {
        @Override
        public void call(Dataset<Row> records, Long batchId) throws InterruptedException {
            OffsetSeqLog log = new OffsetSeqLog(spark, offsetLog);
            Optional<Map<TopicPartition, Long>> end = kafkaOffsets(log, batchId);
            Dataset<Row> unchecked = records;
            if (end.isPresent()) {
                Optional<Map<TopicPartition, Long>> start = batchId == 0 ? Optional.empty() : kafkaOffsets(log, batchId - 1);
                accepted.awaitChecked(end.get(), windowQueryActive, patience);
                if (start.isPresent() && accepted.allValid(start.get(), end.get())) {
                    accepted.forgetBefore(end.get());
                    return;
                }
                unchecked = records.where(accepted.unchecked());
            }
            setAside(TradeJsonParser.rejectedRecords(TradeJsonParser.check(unchecked, tradeCheck)));
            end.ifPresent(accepted::forgetBefore);
        }

        private void setAside(Dataset<Row> batch) {
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

        /** The Kafka offsets a batch ends at; empty for another source, or a batch the log no longer holds. */
        private static Optional<Map<TopicPartition, Long>> kafkaOffsets(OffsetSeqLog log, long batchId) {
            Option<OffsetSeq> batch = log.get(batchId);
            if (batch.isEmpty() || batch.get().offsets().size() != 1 || batch.get().offsets().head().isEmpty()) {
                return Optional.empty();
            }
            return AcceptedOffsets.offsets(batch.get().offsets().head().get().json());
        }
    }
}
