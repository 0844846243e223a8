package io.cryptostream.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeJson;
import io.cryptostream.ingest.IngestSettings;
import io.cryptostream.store.CassandraSessions;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.StoreSchema;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Stage 3: N trades preloaded in Kafka → the window job (a child JVM) → Cassandra, against a plain consumer doing the
 * same aggregation in a hash map in the same run; then the Spark levers over a smaller topic. The same Spark driver
 * afterwards serves stage 4 (freshness) and, when it has the heap for it, stage 5 (state).
 */
final class SparkStage {

    static final String MAIN_TOPIC = "bench-spark";
    static final String LEVER_TOPIC = "bench-spark-levers";
    static final String FRESHNESS_TOPIC = "bench-freshness";
    static final String MAIN_KEYSPACE = "bench";
    static final String LEVER_KEYSPACE = "bench_levers";
    static final String FRESHNESS_KEYSPACE = "bench_freshness";
    private static final ProducerVariant PRELOAD = new ProducerVariant("preload", 20, 256 * 1024, "none", false);
    private static final long DEFAULT_TRIGGER_MILLIS = 5_000;
    private static final long DEFAULT_MAX_OFFSETS = 200_000;
    private static final int DEFAULT_SHUFFLE_PARTITIONS = 4;
    private static final String MAIN = "job defaults (trigger 5 s, 200k/trigger, 4 partitions, HDFS state)";
    private static final String TRIGGER_ZERO = "trigger 0 s";

    /** The running Spark driver and what the parent measured before starting it. */
    record Started(ChildJvm child, SparkChild.Request request, PlainConsumerAggregation.Run plain,
                   List<BenchReport.Lever> encodingLevers) {
    }

    /** The stage's figures, its levers, and what the same driver measured for stages 4 and 5. */
    record Outcome(BenchReport.SparkJob job, List<BenchReport.Lever> levers, SparkChild.Result child,
                   List<BenchReport.StatePoint> statePoints, long sampledMaxRssBytes) {
    }

    private SparkStage() {
    }

    static Started start(BenchOptions options, String bootstrapServers, CassandraSettings cassandra, KafkaTopics topics,
                         Path workDir, boolean withState, Progress progress) {
        SyntheticTrades trades = new SyntheticTrades(IngestSettings.DEFAULT_MARKETS, SyntheticTrades.DEFAULT_START,
                SparkChild.WINDOW, options.sparkTradesPerWindow());
        // One partition per market: every partition's event time then advances at the same pace per record, as on a
        // live feed, so neither reader sees a partition run minutes ahead of the others and drop the rest as late.
        int partitions = trades.markets().size();
        topics.create(MAIN_TOPIC, partitions);
        RawProducer.Run preload = RawProducer.produce(bootstrapServers, MAIN_TOPIC, options.sparkTrades(), PRELOAD,
                trades::trade, trades::marketIndex, progress);
        progress.line("preloaded %,d trades into %s in %.1f s", preload.records(), MAIN_TOPIC, preload.seconds());
        long leverTrades = Math.min(options.leverTrades(), options.sparkTrades());
        topics.create(LEVER_TOPIC, partitions);
        RawProducer.produce(bootstrapServers, LEVER_TOPIC, leverTrades, PRELOAD, trades::trade, trades::marketIndex, null);

        PlainConsumerAggregation.Run plain = PlainConsumerAggregation.run(bootstrapServers, MAIN_TOPIC,
                options.sparkTrades(), SparkChild.WINDOW, SparkChild.WATERMARK);
        progress.line("plain consumer aggregation: %,.0f trades/s on one thread (%,d windows, %d late, %d duplicates)",
                plain.tradesPerSecond(), plain.windows(), plain.lateDropped(), plain.duplicates());
        List<BenchReport.Lever> encodingLevers = encodingLevers(trades, (int) Math.min(200_000, options.sparkTrades()));

        List<SparkChild.JobVariant> jobs = new ArrayList<>();
        jobs.add(new SparkChild.JobVariant(MAIN, MAIN_TOPIC, options.sparkTrades(), MAIN_KEYSPACE, DEFAULT_MAX_OFFSETS,
                DEFAULT_TRIGGER_MILLIS, DEFAULT_SHUFFLE_PARTITIONS, false, false));
        jobs.add(lever(TRIGGER_ZERO, leverTrades, DEFAULT_MAX_OFFSETS, DEFAULT_SHUFFLE_PARTITIONS, false, false));
        jobs.add(lever("trigger 0 s, 50k/trigger", leverTrades, 50_000, DEFAULT_SHUFFLE_PARTITIONS, false, false));
        if (options.allLevers()) {
            jobs.add(lever("trigger 0 s, 1M/trigger", leverTrades, 1_000_000, DEFAULT_SHUFFLE_PARTITIONS, false, false));
            jobs.add(lever("trigger 0 s, 8 shuffle partitions", leverTrades, DEFAULT_MAX_OFFSETS, 8, false, false));
        }
        jobs.add(lever("trigger 0 s, 2 shuffle partitions", leverTrades, DEFAULT_MAX_OFFSETS, 2, false, false));
        jobs.add(lever("trigger 0 s, RocksDB state store", leverTrades, DEFAULT_MAX_OFFSETS, DEFAULT_SHUFFLE_PARTITIONS,
                true, false));
        jobs.add(lever("trigger 0 s, Kafka + from_json only", leverTrades, DEFAULT_MAX_OFFSETS,
                DEFAULT_SHUFFLE_PARTITIONS, false, true));
        SparkChild.StateRequest state = withState ? stateRequest(options) : null;
        List<SparkChild.StreamingRequest> streaming = new ArrayList<>();
        streaming.add(new SparkChild.StreamingRequest("freshness, trigger 0 s, 4 shuffle partitions", FRESHNESS_TOPIC,
                FRESHNESS_KEYSPACE, 0, DEFAULT_MAX_OFFSETS, DEFAULT_SHUFFLE_PARTITIONS,
                options.freshnessWarmup().toSeconds(), options.freshnessMeasure().toSeconds()));
        if (options.allLevers()) {
            streaming.add(new SparkChild.StreamingRequest("freshness, trigger 0 s, 1 shuffle partition",
                    FRESHNESS_TOPIC + "-1", FRESHNESS_KEYSPACE + "_1", 0, DEFAULT_MAX_OFFSETS, 1,
                    Math.min(10, options.freshnessWarmup().toSeconds()), Math.min(30, options.freshnessMeasure().toSeconds())));
        }
        streaming.forEach(run -> topics.create(run.topic()));
        SparkChild.Request request = new SparkChild.Request(bootstrapServers, cassandra.host(), cassandra.port(),
                workDir.toString(), jobs, state, streaming);
        ChildJvm child = ChildJvm.start("spark", "spark", request, workDir, options.childHeap(), progress);
        return new Started(child, request, plain, encodingLevers);
    }

    static SparkChild.StateRequest stateRequest(BenchOptions options) {
        return new SparkChild.StateRequest(options.stateTradesPerWindow(), options.stateWindows(),
                options.stateBatchTrades(), 300);
    }

    private static SparkChild.JobVariant lever(String name, long trades, long maxOffsets, int partitions, boolean rocksDb,
                                               boolean parseOnly) {
        return new SparkChild.JobVariant(name, LEVER_TOPIC, trades, LEVER_KEYSPACE, maxOffsets, 0, partitions, rocksDb,
                parseOnly);
    }

    static Outcome finish(Started started, BenchOptions options, CassandraSettings cassandra, Progress progress) {
        SparkChild.Result result = started.child().awaitPartialResult(SparkChild.Result.class,
                Duration.ofSeconds(600 + options.sparkTrades() / 5_000));
        List<BenchReport.StatePoint> statePoints = started.request().state() == null ? List.of()
                : statePoints(result, started.child(), options, options.childHeap(), progress);
        long sampled = started.child().maxSampledRssBytes();
        SparkChild.JobRun main = result.jobs().get(0);
        long[] stored = storedTrades(cassandra.withKeyspace(MAIN_KEYSPACE));
        PlainConsumerAggregation.Run plain = started.plain();
        double ratio = main.sustainedTradesPerSecond() / plain.tradesPerSecond();
        BenchReport.SparkJob job = new BenchReport.SparkJob(main.trades(), main.sustainedTradesPerSecond(),
                main.overallTradesPerSecond(), plain.tradesPerSecond(), ratio,
                BenchReport.SPARK_TARGET_TRADES_PER_SECOND, BenchReport.SPARK_TARGET_RATIO, main.batches(),
                main.meanBatchMillis(), main.meanPhaseMillis(), main.lateDropped(), stored[0], stored[1],
                plain.windows(), MAIN + ", local[2], " + options.sparkTradesPerWindow()
                + " trades per market-minute, 5 markets", null);
        progress.line("Cassandra holds %,d trades in %,d windows (plain consumer: %,d windows)", stored[0], stored[1],
                plain.windows());

        List<BenchReport.Lever> levers = new ArrayList<>(started.encodingLevers());
        SparkChild.JobRun triggerZero = find(result.jobs(), TRIGGER_ZERO);
        for (SparkChild.JobRun run : result.jobs().subList(1, result.jobs().size())) {
            String lever = run.name().contains("/trigger") ? "maxOffsetsPerTrigger"
                    : run.name().contains("shuffle") ? "shuffle partitions"
                    : run.name().contains("RocksDB") ? "RocksDB state store"
                    : run.name().contains("from_json") ? "topic encoding (upper bound: no aggregation at all)"
                    : "trigger interval";
            SparkChild.JobRun baseline = lever.equals("trigger interval") ? main : triggerZero;
            double vs = run.sustainedTradesPerSecond() / baseline.sustainedTradesPerSecond();
            levers.add(new BenchReport.Lever("spark job", lever, run.name() + " (vs " + baseline.name() + ")",
                    run.sustainedTradesPerSecond(), "trades/s", vs, vs >= 1.1 ? "pays" : "no gain"));
        }
        return new Outcome(job, levers, result, statePoints, sampled);
    }

    /**
     * The state points a driver reported; if it died on the way (keeping every trade can exhaust the heap), the
     * points it never reached are added as failed with the cause from its log: a figure, not a bench failure.
     */
    static List<BenchReport.StatePoint> statePoints(SparkChild.Result result, ChildJvm child, BenchOptions options,
                                                    List<String> heap, Progress progress) {
        List<BenchReport.StatePoint> points = new ArrayList<>(result.state());
        if (!child.exitedAbnormally()) {
            return points;
        }
        String cause = child.logLineWith("OutOfMemoryError").orElse("the driver JVM died (see its log)")
                + ", driver heap " + String.join(" ", heap);
        for (long size : options.stateTradesPerWindow()) {
            for (String query : List.of("aggregates", "keep every trade")) {
                if (points.stream().noneMatch(p -> p.query().equals(query) && p.tradesPerWindow() == size)) {
                    points.add(new BenchReport.StatePoint(query, size, options.stateWindows(), -1, -1, -1, -1, -1,
                            cause));
                    progress.line("state, %s, %,d trades/window: %s", query, size, cause);
                }
            }
        }
        return points;
    }

    private static SparkChild.JobRun find(List<SparkChild.JobRun> runs, String name) {
        return runs.stream().filter(run -> run.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("The Spark child reported no run named " + name));
    }

    /** Sum of trades and number of rows in candles_1m: what the job wrote. */
    private static long[] storedTrades(CassandraSettings cassandra) {
        try (CqlSession session = CassandraSessions.open(cassandra)) {
            long trades = 0;
            long rows = 0;
            for (Row row : session.execute("SELECT trades FROM " + cassandra.keyspace() + "." + StoreSchema.CANDLES_TABLE)) {
                trades += row.getLong("trades");
                rows++;
            }
            return new long[]{trades, rows};
        }
    }

    /** JSON against the compact binary codec, decoding in plain Java: what the consumer side would gain. */
    private static List<BenchReport.Lever> encodingLevers(SyntheticTrades trades, int count) {
        String[] json = new String[count];
        byte[][] binary = new byte[count][];
        long jsonBytes = 0;
        long binaryBytes = 0;
        for (int i = 0; i < count; i++) {
            Trade trade = trades.trade(i);
            json[i] = TradeJson.encode(trade);
            binary[i] = CompactTradeCodec.encode(trade);
            jsonBytes += json[i].length();
            binaryBytes += binary[i].length;
        }
        double jsonRate = decodeRate(count, i -> TradeJson.decode(json[i]));
        double binaryRate = decodeRate(count, i -> CompactTradeCodec.decode(binary[i]));
        double vs = binaryRate / jsonRate;
        return List.of(
                new BenchReport.Lever("spark job", "topic encoding", "record value size: JSON "
                        + jsonBytes / count + " B, binary " + binaryBytes / count + " B", binaryBytes / (double) count,
                        "bytes/record", jsonBytes / (double) binaryBytes, jsonBytes >= binaryBytes * 1.1 ? "pays" : "no gain"),
                new BenchReport.Lever("spark job", "topic encoding", String.format(Locale.ROOT,
                        "decode in plain Java: binary %,.0f/s vs JSON %,.0f/s", binaryRate, jsonRate), binaryRate,
                        "trades/s", vs, vs >= 1.1 ? "pays" : "no gain"));
    }

    private static double decodeRate(int count, java.util.function.IntFunction<Trade> decode) {
        for (int i = 0; i < count; i++) {
            decode.apply(i);
        }
        long start = System.nanoTime();
        long checksum = 0;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < count; i++) {
                checksum += decode.apply(i).tradeId().length();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return checksum == 0 ? 0 : 2L * count / seconds;
    }
}
