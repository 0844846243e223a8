package io.cryptostream.spark;

import io.cryptostream.store.CassandraUnavailableException;
import io.cryptostream.store.IncompatibleSchemaException;
import io.cryptostream.store.OrderFlowWindow;
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
 * The order-flow streaming job: order events → parse (with exact notional) → watermark → drop re-sent events →
 * window aggregation per side (update mode) → {@link OrderFlowSink} once per micro-batch. It runs next to the
 * {@link TradeWindowJob} in the same session, with its own query name and checkpoint:
 *
 * <pre>{@code
 * JobSettings orders = OrderFlowJob.settingsNextTo(tradeSettings, OrderFlowJob.DEFAULT_TOPIC);
 * OrderFlowJob job = OrderFlowJob.start(spark, orders, new KafkaOrderSource(orders.kafka()),
 *         CassandraOrderFlowSink.open(spark, orders.cassandra()));
 * }</pre>
 */
public final class OrderFlowJob {

    public static final String DEFAULT_TOPIC = "orders";
    public static final String QUERY_NAME = "order-flow";
    /** The subdirectory of the trade job's checkpoint that holds this job's, so one --checkpoint keeps both. */
    public static final String CHECKPOINT_SUBDIRECTORY = "orders";
    /** Bump when {@link OrderFlowAggregator}'s grouping, deduplication or aggregates change. */
    static final String STATE_LAYOUT = "order-flow-by-side-v1";

    private static final Comparator<OrderFlowWindow> ROW_ORDER = Comparator
            .comparing(OrderFlowWindow::windowStart).thenComparing(OrderFlowWindow::exchange)
            .thenComparing(OrderFlowWindow::base).thenComparing(OrderFlowWindow::quote)
            .thenComparing(OrderFlowWindow::side);

    private final SparkSession spark;
    private final JobSettings settings;
    private final StreamingQuery query;
    private final OrderFlowMetrics metrics;

    private OrderFlowJob(SparkSession spark, JobSettings settings, StreamingQuery query, OrderFlowMetrics metrics) {
        this.spark = spark;
        this.settings = settings;
        this.query = query;
        this.metrics = metrics;
    }

    /**
     * The trade job's settings (window, watermark, trigger, Kafka brokers, Cassandra) for this job: query name
     * {@value #QUERY_NAME}, checkpoint {@code <trade checkpoint>/}{@value #CHECKPOINT_SUBDIRECTORY}, and the
     * orders topic.
     */
    public static JobSettings settingsNextTo(JobSettings tradeJob, String ordersTopic) {
        return new JobSettings(tradeJob.master(), tradeJob.window(), tradeJob.watermark(),
                tradeJob.triggerInterval(),
                subdirectory(tradeJob.checkpointDir(), CHECKPOINT_SUBDIRECTORY),
                tradeJob.shufflePartitions(), QUERY_NAME,
                tradeJob.kafka().withBootstrap(tradeJob.kafka().bootstrapServers(), ordersTopic),
                tradeJob.cassandra());
    }

    /** Joined as text: a checkpoint may be a URI (hdfs://, s3a://) that {@link java.nio.file.Path} would mangle. */
    private static String subdirectory(String directory, String name) {
        return directory.endsWith("/") ? directory + name : directory + "/" + name;
    }

    /**
     * Starts the query and returns at once; batches run in the background.
     *
     * @throws CheckpointMismatchException when the checkpoint directory belongs to another query
     */
    public static OrderFlowJob start(SparkSession spark, JobSettings settings, OrderSource source,
                                     OrderFlowSink sink) {
        JobCheckpoint.verify(settings, STATE_LAYOUT);
        Dataset<Row> orders = OrderJsonParser.parse(source.jsonValues(spark));
        Dataset<Row> orderFlow = OrderFlowAggregator.aggregate(orders, settings.window(), settings.watermark());

        OrderFlowMetrics metrics = new OrderFlowMetrics(settings.queryName());
        spark.streams().addListener(metrics);
        try {
            StreamingQuery query = orderFlow.writeStream()
                    .queryName(settings.queryName())
                    .outputMode(OutputMode.Update())
                    .trigger(Trigger.ProcessingTime(settings.triggerInterval().toMillis()))
                    .option("checkpointLocation", settings.checkpointDir())
                    .foreachBatch(new BatchToSink(sink))
                    .start();
            JobCheckpoint.record(settings, STATE_LAYOUT);
            return new OrderFlowJob(spark, settings, query, metrics);
        } catch (TimeoutException | RuntimeException e) {
            spark.streams().removeListener(metrics);
            throw JobCheckpoint.explain(e, settings);
        }
    }

    public StreamingQuery query() {
        return query;
    }

    public OrderFlowMetrics metrics() {
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

    /** Runs on the driver for each micro-batch: one row per changed window and side, so it is small. */
    private record BatchToSink(OrderFlowSink sink) implements VoidFunction2<Dataset<Row>, Long> {
        @Override
        public void call(Dataset<Row> batch, Long batchId) {
            List<OrderFlowWindow> windows = batch.collectAsList().stream()
                    .map(OrderFlowAggregator::orderFlowWindow).sorted(ROW_ORDER).toList();
            if (!windows.isEmpty()) {
                sink.write(new OrderFlowBatch(batchId, windows));
            }
        }
    }
}
