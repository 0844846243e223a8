package io.cryptostream.spark;

import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * The order-flow streaming job: order events → parse (with exact notional) → watermark → drop re-sent events →
 * window aggregation per side (update mode) → table rows ({@link OrderFlowRows}) → {@link OrderFlowSink} once per
 * micro-batch. It runs next to the {@link TradeWindowJob} in the same session, with its own query name and
 * checkpoint:
 *
 * <pre>{@code
 * JobSettings orders = OrderFlowJob.settingsNextTo(tradeSettings, OrderFlowJob.DEFAULT_TOPIC);
 * OrderFlowJob job = OrderFlowJob.start(spark, orders, new KafkaOrderSource(orders.kafka()),
 *         CassandraOrderFlowSink.open(orders.cassandra()));
 * }</pre>
 */
public final class OrderFlowJob extends StreamingJob<OrderFlowMetrics> {

    public static final String DEFAULT_TOPIC = "orders";
    public static final String QUERY_NAME = "order-flow";
    /** The subdirectory of the trade job's checkpoint that holds this job's, so one --checkpoint keeps both. */
    public static final String CHECKPOINT_SUBDIRECTORY = "orders";
    /** Bump when {@link OrderFlowAggregator}'s grouping, deduplication or aggregates change. */
    static final String STATE_LAYOUT = "order-flow-by-side-v1";

    private OrderFlowJob(SparkSession spark, JobSettings settings, StreamingQuery query, OrderFlowMetrics metrics) {
        super(spark, settings, query, metrics);
    }

    /**
     * The trade job's settings (window, watermark, trigger, Kafka brokers, Cassandra) for this job: query name
     * {@value #QUERY_NAME}, checkpoint {@code <trade checkpoint>/}{@value #CHECKPOINT_SUBDIRECTORY}, and the
     * orders topic.
     */
    public static JobSettings settingsNextTo(JobSettings tradeJob, String ordersTopic) {
        return new JobSettings(tradeJob.master(), tradeJob.window(), tradeJob.watermark(),
                tradeJob.triggerInterval(),
                JobCheckpoint.subdirectory(tradeJob.checkpointDir(), CHECKPOINT_SUBDIRECTORY),
                tradeJob.shufflePartitions(), QUERY_NAME,
                tradeJob.kafka().withBootstrap(tradeJob.kafka().bootstrapServers(), ordersTopic),
                tradeJob.cassandra());
    }

    /**
     * Starts the query and returns at once; batches run in the background.
     *
     * @throws CheckpointMismatchException when the checkpoint directory belongs to another query
     */
    public static OrderFlowJob start(SparkSession spark, JobSettings settings, OrderSource source,
                                     OrderFlowSink sink) {
        JobCheckpoint.verify(spark.sparkContext().hadoopConfiguration(), settings, STATE_LAYOUT);
        Dataset<Row> orders = OrderJsonParser.parse(source.jsonValues(spark));
        Dataset<Row> orderFlow = OrderFlowAggregator.aggregate(orders, settings.window(), settings.watermark());

        OrderFlowMetrics metrics = new OrderFlowMetrics(settings.queryName());
        StreamingQuery query = startQuery(spark, settings, STATE_LAYOUT, orderFlow, new BatchToSink(sink), metrics);
        return new OrderFlowJob(spark, settings, query, metrics);
    }

    /**
     * Runs on the driver for each micro-batch: the changed rows go to the sink as a Dataset, cached and counted first
     * so the stateful operators run once per batch (see {@link TradeWindowJob}).
     */
    private record BatchToSink(OrderFlowSink sink) implements VoidFunction2<Dataset<Row>, Long> {
        @Override
        public void call(Dataset<Row> orderFlow, Long batchId) throws InterruptedException {
            orderFlow.persist();
            try {
                if (orderFlow.count() > 0) {
                    sink.write(new OrderFlowBatch(batchId, OrderFlowRows.of(orderFlow)));
                }
            } finally {
                // Blocking: no removal is left in flight for Spark to reject, with a printed trace, as it stops.
                orderFlow.unpersist(true);
            }
        }
    }
}
