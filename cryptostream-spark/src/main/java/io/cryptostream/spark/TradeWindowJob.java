package io.cryptostream.spark;

import io.cryptostream.store.Candle;
import io.cryptostream.store.DirectionWindow;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

import java.util.Comparator;
import java.util.List;

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
public final class TradeWindowJob extends StreamingJob<TradeWindowMetrics> {

    private static final Comparator<DirectionWindow> WINDOW_ORDER = Comparator
            .comparing(DirectionWindow::windowStart).thenComparing(DirectionWindow::exchange)
            .thenComparing(DirectionWindow::base).thenComparing(DirectionWindow::quote)
            .thenComparing(DirectionWindow::direction);
    private static final Comparator<Candle> CANDLE_ORDER = Comparator
            .comparing(Candle::windowStart).thenComparing(Candle::exchange)
            .thenComparing(Candle::base).thenComparing(Candle::quote);

    private TradeWindowJob(SparkSession spark, JobSettings settings, StreamingQuery query, TradeWindowMetrics metrics) {
        super(spark, settings, query, metrics);
    }

    /**
     * Starts the query and returns at once; batches run in the background.
     *
     * @throws CheckpointMismatchException when the checkpoint directory belongs to another query shape
     */
    public static TradeWindowJob start(SparkSession spark, JobSettings settings, TradeSource source,
                                       WindowSink sink) {
        JobCheckpoint.verify(settings, JobCheckpoint.STATE_LAYOUT);
        Dataset<Row> trades = TradeJsonParser.parse(source.jsonValues(spark));
        Dataset<Row> marketWindows = TradeWindowAggregator.aggregate(trades, settings.window(), settings.watermark());

        TradeWindowMetrics metrics = new TradeWindowMetrics(settings.queryName());
        StreamingQuery query = startQuery(spark, settings, JobCheckpoint.STATE_LAYOUT, marketWindows,
                new BatchToSink(sink), metrics);
        return new TradeWindowJob(spark, settings, query, metrics);
    }

    /** Runs on the driver for each micro-batch: the batch is one row per changed market window, so it is small. */
    private record BatchToSink(WindowSink sink) implements VoidFunction2<Dataset<Row>, Long> {
        @Override
        public void call(Dataset<Row> batch, Long batchId) throws InterruptedException {
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
