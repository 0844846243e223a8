package io.cryptostream.spark;

import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The streaming job: records → check each against the trade rules → valid trades → watermark → drop late trades
 * ({@link LateTradeFilter}) → window aggregation (update mode) → the rows of both tables ({@link WindowRows}) → {@link WindowSink}
 * once per micro-batch; rejected records → the source's {@link RejectedRecordSink} in a second, stateless query
 * ({@link RejectedTradesQuery}), which checks again only the records the window query has not found valid
 * ({@link AcceptedOffsets}). Only checked trades reach the watermark, so a far-future record cannot move it.
 *
 * <pre>{@code
 * SparkSession spark = SparkSessionFactory.create(settings);
 * TradeWindowJob job = TradeWindowJob.start(spark, settings, new KafkaTradeSource(settings.kafka()),
 *         CassandraWindowSink.open(settings.cassandra()));
 * job.awaitTermination();
 * }</pre>
 */
public final class TradeWindowJob extends StreamingJob<TradeWindowMetrics> {

    private final StreamingQuery deadLetters;
    private final RejectedRecordSink rejectedRecords;
    private final AcceptedOffsets accepted;
    private final SparkSession spark;
    private volatile Throwable deadLetterFailure;

    private TradeWindowJob(SparkSession spark, JobSettings settings, StreamingQuery query, TradeWindowMetrics metrics,
                           StreamingQuery deadLetters, RejectedRecordSink rejectedRecords, AcceptedOffsets accepted) {
        super(spark, settings, query, metrics);
        this.spark = spark;
        this.deadLetters = deadLetters;
        this.rejectedRecords = rejectedRecords;
        this.accepted = accepted;
    }

    /**
     * Starts the query and returns at once; batches run in the background.
     *
     * @throws CheckpointMismatchException when the checkpoint directory belongs to another query shape
     */
    public static TradeWindowJob start(SparkSession spark, JobSettings settings, TradeSource source,
                                       WindowSink sink) {
        JobCheckpoint.verify(spark.sparkContext().hadoopConfiguration(), settings, JobCheckpoint.STATE_LAYOUT);
        Dataset<Row> records = source.records(spark);
        Dataset<Row> checked = TradeJsonParser.check(records, settings.tradeCheck());
        Dataset<Row> trades = TradeJsonParser.validTrades(checked);
        Dataset<Row> marketWindows = TradeWindowAggregator.aggregate(trades, settings.window(), settings.watermark());

        TradeWindowMetrics metrics = new TradeWindowMetrics(settings.queryName());
        RejectedRecordSink rejectedRecords = source.rejectedRecords(settings);
        AcceptedOffsets accepted = new AcceptedOffsets(settings.queryName());
        spark.streams().addListener(accepted);
        StreamingQuery query;
        try {
            query = startQuery(spark, settings, JobCheckpoint.STATE_LAYOUT, marketWindows, new BatchToSink(sink),
                    metrics);
        } catch (RuntimeException e) {
            spark.streams().removeListener(accepted);
            throw e;
        }
        try {
            StreamingQuery deadLetters = RejectedTradesQuery.start(spark, settings, source.records(spark),
                    rejectedRecords, metrics, accepted, query::isActive);
            return new TradeWindowJob(spark, settings, query, metrics, deadLetters, rejectedRecords, accepted);
        } catch (RuntimeException e) {
            stopQuietly(query);
            spark.streams().removeListener(accepted);
            spark.streams().removeListener(metrics);
            throw e;
        }
    }

    /** Where this job sets aside the records it rejects. */
    public RejectedRecordSink rejectedRecords() {
        return rejectedRecords;
    }

    /** Also waits until every rejected record so far is set aside. */
    @Override
    public void processAllAvailable() {
        super.processAllAvailable();
        try {
            deadLetters.processAllAvailable();
        } catch (Exception e) {
            throw deadLetterFailure(e);
        }
    }

    /**
     * Blocks until the window query stops, or the dead-letter query fails (then the window query is stopped too and
     * the failure rethrown: no record may be aggregated while rejected ones are not set aside).
     */
    @Override
    public void awaitTermination() {
        Thread watcher = new Thread(() -> {
            try {
                deadLetters.awaitTermination();
            } catch (Exception e) {
                deadLetterFailure = e;
                stopQuietly(query());
            }
        }, "dead-letter-watcher");
        watcher.setDaemon(true);
        watcher.start();
        try {
            super.awaitTermination();
        } finally {
            stopQuietly(deadLetters);
            spark.streams().removeListener(accepted);
        }
        if (deadLetterFailure != null) {
            throw deadLetterFailure(deadLetterFailure);
        }
    }

    /** The dead-letter query would otherwise check its waiting batch itself once the window query stops. */
    @Override
    List<StreamingQuery> followingQueries() {
        return List.of(deadLetters);
    }

    @Override
    public void stop() {
        try {
            deadLetters.stop();
        } catch (TimeoutException e) {
            throw new IllegalStateException("streaming query " + deadLetters.name() + " did not stop in time", e);
        } finally {
            spark.streams().removeListener(accepted);
            super.stop();
        }
    }

    private RuntimeException deadLetterFailure(Throwable failure) {
        return new IllegalStateException("The dead-letter query could not set rejected trade records aside in "
                + rejectedRecords.describe() + ": " + failure.getMessage(), failure);
    }

    private static void stopQuietly(StreamingQuery query) {
        try {
            query.stop();
        } catch (TimeoutException | RuntimeException e) {
            // Already stopping because of another failure, which is the one reported.
        }
    }

    /**
     * Runs on the driver for each micro-batch: the changed market windows become the rows of both tables in one
     * Dataset, which the sink reads once: one Spark job per batch. The stateful operators must not run twice in one
     * batch (the RocksDB state store refuses it), so the Dataset is cached as that job computes it: a write retried
     * through an outage reads the cache.
     */
    private record BatchToSink(WindowSink sink) implements VoidFunction2<Dataset<Row>, Long> {
        @Override
        public void call(Dataset<Row> marketWindows, Long batchId) throws InterruptedException {
            Dataset<Row> tables = WindowRows.tables(marketWindows).persist();
            try {
                sink.write(new WindowBatch(batchId, tables));
            } finally {
                // Blocking: no removal is left in flight for Spark to reject, with a printed trace, as it stops.
                tables.unpersist(true);
            }
        }
    }
}
