package io.cryptostream.spark;

import io.cryptostream.store.Candle;
import io.cryptostream.store.CassandraUnavailableException;
import io.cryptostream.store.DirectionWindow;
import io.cryptostream.store.IncompatibleSchemaException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The streaming job: trades → parse → watermark → drop re-sent trades → window aggregation (update mode) →
 * {@link WindowSink} once per micro-batch.
 *
 * <pre>{@code
 * SparkSession spark = SparkSessionFactory.create(settings);
 * TradeWindowJob job = TradeWindowJob.start(spark, settings, new KafkaTradeSource(settings.kafka()),
 *         CassandraWindowSink.open(spark, settings.cassandra()));
 * job.awaitTermination();
 * }</pre>
 */
public final class TradeWindowJob {

    private static final Comparator<DirectionWindow> WINDOW_ORDER = Comparator
            .comparing(DirectionWindow::windowStart).thenComparing(DirectionWindow::exchange)
            .thenComparing(DirectionWindow::base).thenComparing(DirectionWindow::quote)
            .thenComparing(DirectionWindow::direction);
    private static final Comparator<Candle> CANDLE_ORDER = Comparator
            .comparing(Candle::windowStart).thenComparing(Candle::exchange)
            .thenComparing(Candle::base).thenComparing(Candle::quote);

    private final SparkSession spark;
    private final JobSettings settings;
    private final StreamingQuery query;
    private final TradeWindowMetrics metrics;

    private TradeWindowJob(SparkSession spark, JobSettings settings, StreamingQuery query, TradeWindowMetrics metrics) {
        this.spark = spark;
        this.settings = settings;
        this.query = query;
        this.metrics = metrics;
    }

    /**
     * Starts the query and returns at once; batches run in the background.
     *
     * @throws CheckpointMismatchException when the checkpoint directory belongs to another query shape
     */
    public static TradeWindowJob start(SparkSession spark, JobSettings settings, TradeSource source,
                                       WindowSink sink) {
        JobCheckpoint.verify(settings);
        Dataset<Row> trades = TradeJsonParser.parse(source.jsonValues(spark));
        Dataset<Row> marketWindows = TradeWindowAggregator.aggregate(trades, settings.window(), settings.watermark());

        TradeWindowMetrics metrics = new TradeWindowMetrics(settings.queryName());
        spark.streams().addListener(metrics);
        try {
            StreamingQuery query = marketWindows.writeStream()
                    .queryName(settings.queryName())
                    .outputMode(OutputMode.Update())
                    .trigger(Trigger.ProcessingTime(settings.triggerInterval().toMillis()))
                    .option("checkpointLocation", settings.checkpointDir())
                    .foreachBatch(new BatchToSink(sink))
                    .start();
            JobCheckpoint.record(settings);
            return new TradeWindowJob(spark, settings, query, metrics);
        } catch (TimeoutException | RuntimeException e) {
            spark.streams().removeListener(metrics);
            throw JobCheckpoint.explain(e, settings);
        }
    }

    public StreamingQuery query() {
        return query;
    }

    public TradeWindowMetrics metrics() {
        return metrics;
    }

    /** Blocks until everything the source has now is processed and written (tests, memory mode). */
    public void processAllAvailable() {
        try {
            query.processAllAvailable();
        } catch (Exception e) {
            throw failure(e);
        }
    }

    /** Blocks until the query stops; a failure is rethrown with a plain message where one is known. */
    public void awaitTermination() {
        try {
            query.awaitTermination();
        } catch (Exception e) {
            throw failure(e);
        } finally {
            spark.streams().removeListener(metrics);
        }
    }

    public void stop() {
        try {
            query.stop();
        } catch (TimeoutException e) {
            throw new IllegalStateException("streaming query " + settings.queryName() + " did not stop in time", e);
        } finally {
            spark.streams().removeListener(metrics);
        }
    }

    private RuntimeException failure(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CassandraUnavailableException || t instanceof IncompatibleSchemaException) {
                return (RuntimeException) t;
            }
        }
        return JobCheckpoint.explain(e, settings);
    }

    /** Runs on the driver for each micro-batch: the batch is one row per changed market window, so it is small. */
    private record BatchToSink(WindowSink sink) implements VoidFunction2<Dataset<Row>, Long> {
        @Override
        public void call(Dataset<Row> batch, Long batchId) {
            List<MarketWindow> windows = batch.collectAsList().stream().map(MarketWindow::new).toList();
            if (windows.isEmpty()) {
                return;
            }
            sink.write(new WindowBatch(batchId,
                    windows.stream().flatMap(w -> w.directionWindows().stream()).sorted(WINDOW_ORDER).toList(),
                    windows.stream().map(MarketWindow::candle).sorted(CANDLE_ORDER).toList()));
        }
    }
}
