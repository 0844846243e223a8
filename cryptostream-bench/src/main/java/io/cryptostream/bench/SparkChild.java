package io.cryptostream.bench;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.servers.ProcessMemory;
import io.cryptostream.spark.CassandraWindowSink;
import io.cryptostream.spark.JobMetrics;
import io.cryptostream.spark.JobSettings;
import io.cryptostream.spark.KafkaSourceSettings;
import io.cryptostream.spark.KafkaTradeSource;
import io.cryptostream.spark.MemoryTradeSource;
import io.cryptostream.spark.SparkSessionFactory;
import io.cryptostream.spark.TradeJsonParser;
import io.cryptostream.spark.TradeWindowAggregator;
import io.cryptostream.spark.TradeWindowJob;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.Replication;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.window;

/**
 * The Spark driver in a child JVM. It runs, in one session and in this order: the window job over preloaded topics
 * once per variant (stage 3 and its levers), the job streaming live until told to stop (stage 4, freshness), and the
 * state-size series (stage 5); then, in a session of its own on {@code local[1]} in the same JVM (the master is
 * fixed per session, and a new JVM would pay the JIT's warm-up again), the one-core run. A request may leave out any
 * of them.
 */
final class SparkChild {

    static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration WATERMARK = Duration.ofMinutes(5);
    private static final String PROVIDER_CONF = "spark.sql.streaming.stateStore.providerClass";
    private static final String ROCKSDB_PROVIDER =
            "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider";
    private static final String SHUFFLE_CONF = "spark.sql.shuffle.partitions";

    /**
     * One run of the job over a preloaded topic.
     *
     * @param format    the topic's format; the job does not read it, it takes each record's format from its header
     * @param parseOnly read, decode and check only (Kafka → the format's decoder and the trade check → nothing):
     *                  what reading the topic alone costs in Spark
     * @param metricsServed the job's meters served and scraped ({@link ScrapedMetrics}), as a command's are
     */
    record JobVariant(String name, String topic, TopicFormat format, long trades, String keyspace,
                      long maxOffsetsPerTrigger, long triggerMillis, int shufflePartitions, boolean rocksDb,
                      boolean parseOnly, boolean metricsServed) {
    }

    record StateRequest(List<Long> tradesPerWindow, int windows, int batchTrades, long timeoutSeconds) {
    }

    /** One live run of the job for freshness, with its own topic and keyspace so runs do not see each other's rows. */
    record StreamingRequest(String name, double tradesPerSecond, String topic, TopicFormat format, String keyspace, long triggerMillis,
                            long maxOffsetsPerTrigger, int shufflePartitions, long warmupSeconds, long measureSeconds) {
    }

    /**
     * @param master  the Spark master of the session every run but the one-core run shares, e.g. {@code local[2]}
     * @param oneCore run last, in a session on {@link #ONE_CORE}; null: none
     */
    record Request(String master, String bootstrapServers, String cassandraHost, int cassandraPort, String workDir,
                   List<JobVariant> jobs, StateRequest state, List<StreamingRequest> streaming, JobVariant oneCore) {
    }

    /**
     * @param sustainedTradesPerSecond input rows after the first batch over the time after the first batch (the
     *                                 first batch pays for planning and code generation once)
     * @param overallTradesPerSecond   all input rows over the time from query start to the last batch
     */
    record JobRun(String name, long trades, double seconds, double sustainedTradesPerSecond,
                  double overallTradesPerSecond, int batches, double meanBatchMillis, Map<String, Double> meanPhaseMillis,
                  long lateDropped) {
    }

    record StreamingResult(long batches, double meanBatchMillis, double p50BatchMillis, double p99BatchMillis,
                           Map<String, Double> meanPhaseMillis, long inputRows) {
    }

    /**
     * @param oneCore      the one-core run; null when not asked for or failed
     * @param oneCoreError why the one-core run failed; null otherwise
     */
    record Result(List<JobRun> jobs, List<BenchReport.StatePoint> state, List<StreamingResult> streaming,
                  long peakRssAfterFirstJobBytes, long peakRssBytes, JobRun oneCore, String oneCoreError) {
    }

    static final String ONE_CORE = "local[1]";
    /** Printed once the session exists; the driver then waits for {@link #BEGIN}. */
    static final String SESSION_READY = "session";
    static final String BEGIN = "begin";
    private static final Map<String, String> SESSION_CONF = Map.of("spark.sql.streaming.metricsEnabled", "false");
    private static final AtomicInteger queries = new AtomicInteger();

    private SparkChild() {
    }

    static Result run(Request request) throws Exception {
        JobSettings base = baseSettings(request, request.master());
        SparkSession spark = SparkSessionFactory.create(base, SESSION_CONF);
        // The session is made while the bench preloads the topics; the runs begin once it has measured its limits.
        BenchChild.ready(SESSION_READY);
        BenchChild.nextCommand();
        BatchRecorder recorder = new BatchRecorder();
        spark.streams().addListener(recorder);
        List<JobRun> jobs = new ArrayList<>();
        long peakAfterFirstJob = -1;
        for (JobVariant variant : request.jobs()) {
            jobs.add(runJob(spark, recorder, request, base, variant));
            if (peakAfterFirstJob < 0) {
                peakAfterFirstJob = ProcessMemory.ownPeakRssBytes();
            }
        }
        List<StreamingResult> streaming = new ArrayList<>();
        for (StreamingRequest run : request.streaming() == null ? List.<StreamingRequest>of() : request.streaming()) {
            streaming.add(stream(spark, recorder, request, base, run));
        }
        List<BenchReport.StatePoint> state = new ArrayList<>();
        if (request.state() != null) {
            for (long tradesPerWindow : request.state().tradesPerWindow()) {
                for (String query : List.of("aggregates", "keep every trade")) {
                    state.add(statePoint(spark, request, query, tradesPerWindow));
                    BenchChild.checkpoint(new Result(jobs, state, streaming, peakAfterFirstJob,
                            ProcessMemory.ownPeakRssBytes(), null, null));
                }
            }
        }
        spark.stop();
        JobRun oneCore = null;
        String oneCoreError = null;
        if (request.oneCore() != null) {
            JobSettings oneCoreBase = baseSettings(request, ONE_CORE);
            SparkSession oneCoreSpark = null;
            try {
                oneCoreSpark = SparkSessionFactory.create(oneCoreBase, SESSION_CONF);
                BatchRecorder oneCoreRecorder = new BatchRecorder();
                oneCoreSpark.streams().addListener(oneCoreRecorder);
                oneCore = runJob(oneCoreSpark, oneCoreRecorder, request, oneCoreBase, request.oneCore());
            } catch (Exception e) {
                oneCoreError = shortFailure(e);
                BenchChild.progress(request.oneCore().name() + " failed: " + oneCoreError);
            } finally {
                if (oneCoreSpark != null) {
                    oneCoreSpark.stop();
                }
            }
        }
        return new Result(jobs, state, streaming, peakAfterFirstJob, ProcessMemory.ownPeakRssBytes(), oneCore,
                oneCoreError);
    }

    private static JobSettings baseSettings(Request request, String master) {
        JobSettings defaults = JobSettings.defaults();
        return new JobSettings(master, defaults.window(), defaults.watermark(), defaults.triggerInterval(),
                defaults.checkpointDir(), defaults.shufflePartitions(), defaults.queryName(), defaults.kafka(),
                cassandra(request, "bench")).withCheckpointDir(Path.of(request.workDir(), "checkpoints").toString());
    }

    private static CassandraSettings cassandra(Request request, String keyspace) {
        return new CassandraSettings(request.cassandraHost(), request.cassandraPort(),
                CassandraSettings.DEFAULT_DATACENTER, keyspace, new Replication.SimpleStrategy(1));
    }

    private static JobSettings settings(JobSettings base, Request request, String queryName, String topic,
                                        long maxOffsetsPerTrigger, long triggerMillis, int shufflePartitions,
                                        String keyspace) {
        return new JobSettings(base.master(), WINDOW, WATERMARK, Duration.ofMillis(triggerMillis),
                Path.of(request.workDir(), "checkpoints", queryName).toString(), shufflePartitions, queryName,
                new KafkaSourceSettings(request.bootstrapServers(), topic, "earliest", maxOffsetsPerTrigger, true),
                cassandra(request, keyspace));
    }

    private static JobRun runJob(SparkSession spark, BatchRecorder recorder, Request request, JobSettings base,
                                 JobVariant variant) throws Exception {
        String queryName = "bench-" + queries.incrementAndGet();
        JobSettings settings = settings(base, request, queryName, variant.topic(), variant.maxOffsetsPerTrigger(),
                variant.triggerMillis(), variant.shufflePartitions(), variant.keyspace());
        spark.conf().set(SHUFFLE_CONF, Integer.toString(variant.shufflePartitions()));
        if (variant.rocksDb()) {
            spark.conf().set(PROVIDER_CONF, ROCKSDB_PROVIDER);
        }
        BenchChild.progress(variant.name() + ": starting over " + variant.trades() + " trades in topic " + variant.topic());
        long start = System.nanoTime();
        try {
            StreamingQuery query;
            TradeWindowJob job = null;
            TimedWindowSink sink = null;
            JobMetrics meters = null;
            ScrapedMetrics metrics = null;
            if (variant.parseOnly()) {
                query = TradeJsonParser.parse(new KafkaTradeSource(settings.kafka()).records(spark))
                        .writeStream().queryName(queryName).format("noop").outputMode(OutputMode.Append())
                        .trigger(Trigger.ProcessingTime(variant.triggerMillis()))
                        .option("checkpointLocation", settings.checkpointDir()).start();
            } else {
                CassandraWindowSink cassandra = CassandraWindowSink.open(settings.cassandra());
                sink = new TimedWindowSink(cassandra);
                job = TradeWindowJob.start(spark, settings, new KafkaTradeSource(settings.kafka()), sink);
                query = job.query();
                if (variant.metricsServed()) {
                    meters = JobMetrics.listen(job, Optional.of(cassandra.writeCounts()));
                    metrics = ScrapedMetrics.serve(meters);
                }
            }
            awaitInput(recorder, query, queryName, variant.trades(), Duration.ofSeconds(300 + variant.trades() / 2_000),
                    variant.name());
            if (job != null) {
                job.stop();
            } else {
                query.stop();
            }
            if (metrics != null) {
                spark.streams().removeListener(meters);
                metrics.close();
            }
            long lateDropped = lateDropped(query);
            return summarize(variant.name(), recorder.batches(queryName), start, lateDropped, sink);
        } finally {
            spark.conf().unset(PROVIDER_CONF);
            spark.conf().set(SHUFFLE_CONF, Integer.toString(base.shufflePartitions()));
        }
    }

    private static void awaitInput(BatchRecorder recorder, StreamingQuery query, String queryName, long trades,
                                   Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextReport = System.nanoTime() + 5_000_000_000L;
        while (recorder.inputRows(queryName) < trades) {
            if (query.exception().isDefined()) {
                throw new IllegalStateException(what + " failed: " + query.exception().get().getMessage(),
                        query.exception().get());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " processed " + recorder.inputRows(queryName) + " of " + trades
                        + " trades within " + timeout.toSeconds() + " s");
            }
            if (System.nanoTime() > nextReport) {
                BenchChild.progress(what + ": " + recorder.inputRows(queryName) + " of " + trades + " trades");
                nextReport += 5_000_000_000L;
            }
            Thread.sleep(25);
        }
    }

    private static long lateDropped(StreamingQuery query) {
        long dropped = 0;
        for (StreamingQueryProgress progress : query.recentProgress()) {
            for (StateOperatorProgress operator : progress.stateOperators()) {
                dropped += operator.numRowsDroppedByWatermark();
            }
        }
        return dropped;
    }

    private static JobRun summarize(String name, List<BatchRecorder.Batch> batches, long startNanos, long lateDropped,
                                    TimedWindowSink sink) {
        List<BatchRecorder.Batch> withInput = batches.stream().filter(b -> b.inputRows() > 0).toList();
        long trades = withInput.stream().mapToLong(BatchRecorder.Batch::inputRows).sum();
        long lastNanos = withInput.get(withInput.size() - 1).reportedNanos();
        double seconds = (lastNanos - startNanos) / 1e9;
        double overall = trades / seconds;
        double sustained = overall;
        if (withInput.size() > 1) {
            long afterFirst = trades - withInput.get(0).inputRows();
            sustained = afterFirst / ((lastNanos - withInput.get(0).reportedNanos()) / 1e9);
        }
        double meanBatch = withInput.stream().mapToLong(b -> b.durationMs().getOrDefault("triggerExecution", 0L))
                .average().orElse(0);
        BatchRecorder.Batch first = withInput.get(0);
        BenchChild.progress(String.format(java.util.Locale.ROOT, "%s: %,d trades in %.1f s, %,.0f trades/s sustained; "
                        + "not measured: %.1f s to the end of the first batch (%s)", name, trades, seconds, sustained,
                (first.reportedNanos() - startNanos) / 1e9, first.durationMs()));
        return new JobRun(name, trades, seconds, sustained, overall, withInput.size(), meanBatch,
                phases(batches, sink), lateDropped);
    }

    private static Map<String, Double> phases(List<BatchRecorder.Batch> batches, TimedWindowSink sink) {
        Map<String, Double> phases = new TreeMap<>(BatchRecorder.meanPhaseMillis(batches));
        if (sink != null) {
            phases.put(TimedWindowSink.PHASE, sink.meanMillis());
        }
        return phases;
    }

    private static BenchReport.StatePoint statePoint(SparkSession spark, Request request, String query, long tradesPerWindow) {
        StateRequest state = request.state();
        String queryName = "bench-state-" + queries.incrementAndGet();
        List<Market> markets = new ArrayList<>();
        for (int i = 0; i < state.windows(); i++) {
            markets.add(new Market("Bench" + i, "BTC", "USD"));
        }
        SyntheticTrades trades = new SyntheticTrades(markets, SyntheticTrades.DEFAULT_START, WINDOW, tradesPerWindow);
        MemoryTradeSource source = new MemoryTradeSource(spark);
        long total = tradesPerWindow * state.windows();
        StreamingQuery running = null;
        long processingNanos = 0;
        try {
            Dataset<Row> parsed = TradeJsonParser.parse(source.jsonValues(spark));
            Dataset<Row> windows = query.equals("aggregates")
                    ? TradeWindowAggregator.aggregate(parsed, WINDOW, WATERMARK)
                    : keepEveryTrade(parsed);
            running = windows.writeStream().queryName(queryName).format("noop").outputMode(OutputMode.Update())
                    .option("checkpointLocation", Path.of(request.workDir(), "checkpoints", queryName).toString())
                    .start();
            long deadline = System.nanoTime() + state.timeoutSeconds() * 1_000_000_000L;
            for (long from = 0; from < total; from += state.batchTrades()) {
                long to = Math.min(total, from + state.batchTrades());
                List<Trade> batch = new ArrayList<>((int) (to - from));
                for (long i = from; i < to; i++) {
                    batch.add(trades.trade(i));
                }
                source.add(batch);
                long begin = System.nanoTime();
                running.processAllAvailable();
                processingNanos += System.nanoTime() - begin;
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("gave up after " + to + " of " + total + " trades: over "
                            + state.timeoutSeconds() + " s");
                }
            }
            StreamingQueryProgress last = lastWithState(running);
            StateOperatorProgress aggregation = Arrays.stream(last.stateOperators())
                    .filter(op -> op.operatorName().equals("stateStoreSave")).findFirst().orElseThrow();
            long lateFilterRows = Arrays.stream(last.stateOperators())
                    .filter(op -> op.operatorName().equals("flatMapGroupsWithState"))
                    .mapToLong(StateOperatorProgress::numRowsTotal).findFirst().orElse(-1);
            long current = Optional.ofNullable(aggregation.customMetrics().get("stateOnCurrentVersionSizeBytes"))
                    .map(Long::longValue).orElse(-1L);
            long windowRows = Math.max(1, aggregation.numRowsTotal());
            double rate = total / (processingNanos / 1e9);
            BenchChild.progress(String.format(java.util.Locale.ROOT,
                    "state, %s, %,d trades/window: %,d B (newest version %,d B) in %d windows, %,.0f trades/s", query,
                    tradesPerWindow, aggregation.memoryUsedBytes(), current, windowRows, rate));
            // The newest version alone is the state a window holds; memoryUsedBytes also counts the older versions
            // the provider keeps, whose number depends on how many batches the trades came in.
            double perWindow = (current >= 0 ? current : aggregation.memoryUsedBytes()) / (double) windowRows;
            return new BenchReport.StatePoint(query, tradesPerWindow, windowRows, aggregation.memoryUsedBytes(),
                    perWindow, current, lateFilterRows, rate, null);
        } catch (Exception | OutOfMemoryError e) {
            String failure = shortFailure(e);
            BenchChild.progress("state, " + query + ", " + tradesPerWindow + " trades/window failed: " + failure);
            return new BenchReport.StatePoint(query, tradesPerWindow, state.windows(), -1, -1, -1, -1, -1, failure);
        } finally {
            if (running != null) {
                try {
                    running.stop();
                } catch (Exception e) {
                    BenchChild.progress("stopping " + queryName + " failed: " + e);
                }
            }
        }
    }

    /** One line for the report: Spark's messages carry whole stack traces. */
    private static String shortFailure(Throwable e) {
        String text = String.valueOf(e.getMessage());
        if (text.contains("OutOfMemoryError")) {
            return "OutOfMemoryError: Java heap space with a " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " MiB driver heap";
        }
        String firstLine = text.lines().findFirst().orElse(e.getClass().getSimpleName());
        return firstLine.length() > 200 ? firstLine.substring(0, 200) + "…" : firstLine;
    }

    /**
     * The original CryptoCompare tutorial's approach: every trade of a window kept in state (collect_list), the
     * aggregates computed at the end. Checked trades carry no quote volume, so it is computed here.
     */
    private static Dataset<Row> keepEveryTrade(Dataset<Row> trades) {
        return trades.withWatermark("eventTime", WATERMARK.toMillis() + " milliseconds")
                .groupBy(window(col("eventTime"), WINDOW.toMillis() + " milliseconds"), col("exchange"), col("base"),
                        col("quote"))
                .agg(collect_list(struct(col("side"), col("price"), col("quantity"),
                        col("price").multiply(col("quantity")).as("quoteVolume"),
                        col("tradeId"), col("eventTime"))).as("trades"));
    }

    /** Progress events reach the query a moment after the batch; wait briefly for the one with state figures. */
    private static StreamingQueryProgress lastWithState(StreamingQuery query) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            StreamingQueryProgress[] recent = query.recentProgress();
            for (int i = recent.length - 1; i >= 0; i--) {
                if (recent[i].stateOperators().length > 0 && recent[i].numInputRows() > 0) {
                    return recent[i];
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("query " + query.name() + " reported no state figures");
            }
            Thread.sleep(50);
        }
    }

    private static StreamingResult stream(SparkSession spark, BatchRecorder recorder, Request request, JobSettings base,
                                          StreamingRequest streaming) throws Exception {
        String queryName = "bench-freshness-" + queries.incrementAndGet();
        JobSettings settings = settings(base, request, queryName, streaming.topic(), streaming.maxOffsetsPerTrigger(),
                streaming.triggerMillis(), streaming.shufflePartitions(), streaming.keyspace());
        spark.conf().set(SHUFFLE_CONF, Integer.toString(streaming.shufflePartitions()));
        TimedWindowSink sink = new TimedWindowSink(CassandraWindowSink.open(settings.cassandra()));
        TradeWindowJob job = TradeWindowJob.start(spark, settings, new KafkaTradeSource(settings.kafka()), sink);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (recorder.batches(queryName).isEmpty()) {
            if (job.query().exception().isDefined() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the freshness query did not finish a first batch: "
                        + job.query().exception());
            }
            Thread.sleep(50);
        }
        BenchChild.ready(streaming.name());
        BenchChild.nextCommand();
        job.stop();
        spark.conf().set(SHUFFLE_CONF, Integer.toString(base.shufflePartitions()));
        List<BatchRecorder.Batch> batches = recorder.batches(queryName);
        long[] durations = batches.stream().filter(b -> b.inputRows() > 0)
                .mapToLong(b -> b.durationMs().getOrDefault("triggerExecution", 0L)).sorted().toArray();
        long inputRows = batches.stream().mapToLong(BatchRecorder.Batch::inputRows).sum();
        return new StreamingResult(durations.length, Arrays.stream(durations).average().orElse(0),
                percentile(durations, 0.50), percentile(durations, 0.99), phases(batches, sink), inputRows);
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
