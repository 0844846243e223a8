package io.cryptostream.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.cryptostream.domain.Market;
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
import java.util.Map;

/**
 * Stage 3: N trades preloaded in Kafka → the window job (a child JVM) → Cassandra, once per topic format, each against
 * a plain consumer reading the same topic and doing the same aggregation in a hash map in the same run; then the
 * scaling runs (more markets at the same total rate, and {@code local[1]} in a session of its own) and, when asked,
 * the Spark levers over a smaller topic. The same Spark driver afterwards serves stage 4 (freshness) and, when it
 * has the heap for it, stage 5 (state).
 */
final class SparkStage {

    static final String MAIN_TOPIC = "bench-spark";
    static final String LEVER_TOPIC = "bench-spark-levers";
    static final String FRESHNESS_TOPIC = "bench-freshness";
    static final String MAIN_KEYSPACE = "bench";
    static final String LEVER_KEYSPACE = "bench_levers";
    static final String FRESHNESS_KEYSPACE = "bench_freshness";
    static final String SCALING_KEYSPACE = "bench_scaling";
    static final String METRICS_KEYSPACE = "bench_metrics";
    private static final String METRICS_SERVED = "metrics served and scraped every second";
    static final String TWO_CORES = "local[2]";
    private static final ProducerVariant PRELOAD = new ProducerVariant("preload", 20, 256 * 1024, "none", false);
    private static final long DEFAULT_TRIGGER_MILLIS = 5_000;
    private static final long DEFAULT_MAX_OFFSETS = 200_000;
    private static final int DEFAULT_SHUFFLE_PARTITIONS = 4;
    /** The main runs' markets (ingest's watch list), and the partitions of every preloaded topic. */
    private static final int MAIN_MARKETS = IngestSettings.DEFAULT_MARKETS.size();
    private static final String MAIN = "job defaults (trigger 5 s, 200k/trigger, 4 partitions, HDFS state)";
    private static final String TRIGGER_ZERO = "trigger 0 s";
    private static final long PLAIN_CONSUMER_WARMUP = 200_000;

    /** A preloaded topic and what the plain consumer measured on it (null until measured). */
    record Preloaded(String topic, TopicFormat format, int markets, long trades, PlainConsumerAggregation.Run plain) {
    }

    /** The running Spark driver and what the parent measured before starting it. */
    record Started(ChildJvm child, SparkChild.Request request, List<Preloaded> formats, List<Preloaded> scaling,
                   List<BenchReport.Lever> encodingLevers) {
    }

    /** The stage's figures, its levers, and what the same driver measured for stages 4 and 5. */
    record Outcome(BenchReport.SparkJob job, List<BenchReport.SparkPoint> points, List<BenchReport.Lever> levers,
                   SparkChild.Result child, List<BenchReport.StatePoint> statePoints, long sampledMaxRssBytes) {

        /** Why a scaling point is missing, or null. */
        String scalingError() {
            return child.oneCoreError() == null ? null : SparkChild.ONE_CORE + ": " + child.oneCoreError();
        }
    }

    private SparkStage() {
    }

    /**
     * Starts the driver with every run the selected stages ask of it, then preloads the topics while it creates its
     * session, and measures the limits (when the Spark stage runs) once it waits, idle, for the word to begin.
     */
    static Started start(BenchOptions options, String bootstrapServers, CassandraSettings cassandra, KafkaTopics topics,
                         Path workDir, boolean withState, Progress progress) {
        boolean jobs = options.runs(Stage.SPARK);
        List<Preloaded> mains = new ArrayList<>();
        List<Preloaded> more = new ArrayList<>();
        List<SparkChild.JobVariant> variants = new ArrayList<>();
        TopicFormat first = options.formats().get(0);
        if (jobs) {
            for (TopicFormat format : options.formats()) {
                mains.add(new Preloaded(MAIN_TOPIC + "-" + format, format, MAIN_MARKETS, options.sparkTrades(), null));
            }
            for (int markets : options.scalingMarkets()) {
                if (markets != MAIN_MARKETS) {
                    more.add(new Preloaded(MAIN_TOPIC + "-" + first + "-m" + markets, first, markets,
                            options.scalingTrades(), null));
                }
            }
            for (Preloaded main : mains) {
                variants.add(new SparkChild.JobVariant(MAIN + ", " + main.format(), main.topic(), main.format(),
                        main.trades(), MAIN_KEYSPACE + "_" + main.format(), DEFAULT_MAX_OFFSETS,
                        DEFAULT_TRIGGER_MILLIS, DEFAULT_SHUFFLE_PARTITIONS, false, false, false));
            }
            if (options.metricsCost()) {
                Preloaded main = mains.get(0);
                variants.add(new SparkChild.JobVariant(MAIN + ", " + main.format() + ", " + METRICS_SERVED,
                        main.topic(), main.format(), main.trades(), METRICS_KEYSPACE, DEFAULT_MAX_OFFSETS,
                        DEFAULT_TRIGGER_MILLIS, DEFAULT_SHUFFLE_PARTITIONS, false, false, true));
            }
            for (Preloaded topic : more) {
                variants.add(new SparkChild.JobVariant(scalingName(topic.markets()), topic.topic(), first,
                        topic.trades(), SCALING_KEYSPACE, DEFAULT_MAX_OFFSETS, DEFAULT_TRIGGER_MILLIS,
                        DEFAULT_SHUFFLE_PARTITIONS, false, false, false));
            }
            if (options.levers()) {
                variants.addAll(leverVariants(options, leverTrades(options)));
            }
        }
        SparkChild.StateRequest state = withState ? stateRequest(options) : null;
        List<SparkChild.StreamingRequest> streaming = new ArrayList<>();
        if (options.runs(Stage.FRESHNESS)) {
            for (double rate : options.freshnessRates()) {
                streaming.add(freshnessRun(options, rate, DEFAULT_SHUFFLE_PARTITIONS, ""));
            }
            if (options.levers() && options.allLevers()) {
                streaming.add(freshnessRun(options, BenchReport.FRESHNESS_TARGET_RATE, 1, "-1"));
            }
        }
        streaming.forEach(run -> topics.create(run.topic()));
        SparkChild.JobVariant oneCore = jobs && options.oneCore() ? oneCoreVariant(options, mains.get(0)) : null;
        SparkChild.Request request = new SparkChild.Request(TWO_CORES, bootstrapServers, cassandra.host(),
                cassandra.port(), workDir.toString(), variants, state, streaming, oneCore);
        ChildJvm child = ChildJvm.start("spark", "spark", request, workDir, options.childHeap(), progress);
        try {
            List<Preloaded> formats = new ArrayList<>();
            List<Preloaded> scaling = new ArrayList<>();
            List<BenchReport.Lever> encodingLevers = List.of();
            if (jobs) {
                mains.forEach(main -> preload(options, bootstrapServers, topics, main, progress));
                more.forEach(topic -> preload(options, bootstrapServers, topics, topic, progress));
                if (options.levers()) {
                    SyntheticTrades trades = trades(options, MAIN_MARKETS);
                    topics.create(LEVER_TOPIC, MAIN_MARKETS);
                    RawProducer.produce(bootstrapServers, LEVER_TOPIC, leverTrades(options), PRELOAD, TopicFormat.JSON,
                            trades::trade, trades::marketIndex, null);
                }
            }
            // The limits are measured on a quiet machine: the driver has its session by now and waits.
            child.awaitReady(SparkChild.SESSION_READY, Duration.ofSeconds(300));
            if (jobs) {
                // The plain consumer warms up once (its first run would otherwise measure the JIT and understate the
                // limit), then measures each topic back to back in this JVM.
                PlainConsumerAggregation.run(bootstrapServers, mains.get(0).topic(), first,
                        Math.min(PLAIN_CONSUMER_WARMUP, options.sparkTrades()), SparkChild.WINDOW, SparkChild.WATERMARK);
                mains.forEach(main -> formats.add(measurePlain(bootstrapServers, main, progress)));
                more.forEach(topic -> scaling.add(measurePlain(bootstrapServers, topic, progress)));
                if (options.levers()) {
                    encodingLevers = encodingLevers(trades(options, MAIN_MARKETS),
                            (int) Math.min(200_000, options.sparkTrades()));
                }
            }
            child.send(SparkChild.BEGIN);
            return new Started(child, request, formats, scaling, encodingLevers);
        } catch (RuntimeException e) {
            child.close();
            throw e;
        }
    }

    private static long leverTrades(BenchOptions options) {
        return Math.min(options.leverTrades(), options.sparkTrades());
    }

    private static SparkChild.StreamingRequest freshnessRun(BenchOptions options, double rate, int shufflePartitions,
                                                            String suffix) {
        String name = String.format(Locale.ROOT, "freshness at %,.0f trades/s, trigger 0 s, %d shuffle partition%s",
                rate, shufflePartitions, shufflePartitions == 1 ? "" : "s");
        long warmup = options.freshnessWarmup().toSeconds();
        long measure = options.freshnessMeasure().toSeconds();
        return new SparkChild.StreamingRequest(name, rate, FRESHNESS_TOPIC + "-" + (long) rate + suffix,
                TopicFormat.JSON, FRESHNESS_KEYSPACE + "_" + (long) rate + suffix.replace('-', '_'), 0,
                DEFAULT_MAX_OFFSETS, shufflePartitions, suffix.isEmpty() ? warmup : Math.min(10, warmup),
                suffix.isEmpty() ? measure : Math.min(30, measure));
    }

    private static List<SparkChild.JobVariant> leverVariants(BenchOptions options, long leverTrades) {
        List<SparkChild.JobVariant> levers = new ArrayList<>();
        levers.add(lever(TRIGGER_ZERO, leverTrades, DEFAULT_MAX_OFFSETS, DEFAULT_SHUFFLE_PARTITIONS, false, false));
        levers.add(lever("trigger 0 s, 50k/trigger", leverTrades, 50_000, DEFAULT_SHUFFLE_PARTITIONS, false, false));
        if (options.allLevers()) {
            levers.add(lever("trigger 0 s, 1M/trigger", leverTrades, 1_000_000, DEFAULT_SHUFFLE_PARTITIONS, false,
                    false));
            levers.add(lever("trigger 0 s, 8 shuffle partitions", leverTrades, DEFAULT_MAX_OFFSETS, 8, false, false));
        }
        levers.add(lever("trigger 0 s, 2 shuffle partitions", leverTrades, DEFAULT_MAX_OFFSETS, 2, false, false));
        levers.add(lever("trigger 0 s, RocksDB state store", leverTrades, DEFAULT_MAX_OFFSETS,
                DEFAULT_SHUFFLE_PARTITIONS, true, false));
        levers.add(lever("trigger 0 s, Kafka + decode and check only", leverTrades, DEFAULT_MAX_OFFSETS,
                DEFAULT_SHUFFLE_PARTITIONS, false, true));
        return levers;
    }

    private static String scalingName(int markets) {
        return "job defaults, " + markets + " markets";
    }

    /**
     * {@code markets} markets trading at the same total rate over the same event-time span as the main run: trades
     * per market-window shrink as markets grow. Market {@code m} goes to partition {@code m mod 5}, so every
     * partition's event time advances at the same pace per record and no reader drops another's trades as late.
     */
    private static void preload(BenchOptions options, String bootstrapServers, KafkaTopics topics, Preloaded topic,
                                Progress progress) {
        SyntheticTrades trades = trades(options, topic.markets());
        topics.create(topic.topic(), MAIN_MARKETS);
        RawProducer.Run run = RawProducer.produce(bootstrapServers, topic.topic(), topic.trades(), PRELOAD,
                topic.format(), trades::trade, i -> trades.marketIndex(i) % MAIN_MARKETS, null);
        progress.line("%s: preloaded %,d trades (%s, %d markets) in %.1f s", topic.topic(), run.records(),
                topic.format(), topic.markets(), run.seconds());
    }

    private static Preloaded measurePlain(String bootstrapServers, Preloaded topic, Progress progress) {
        PlainConsumerAggregation.Run plain = PlainConsumerAggregation.run(bootstrapServers, topic.topic(),
                topic.format(), topic.trades(), SparkChild.WINDOW, SparkChild.WATERMARK);
        progress.line("%s: plain consumer %,.0f trades/s on one thread (%,d windows, %d late)",
                topic.topic(), plain.tradesPerSecond(), plain.windows(), plain.lateDropped());
        return new Preloaded(topic.topic(), topic.format(), topic.markets(), topic.trades(), plain);
    }

    private static SyntheticTrades trades(BenchOptions options, int markets) {
        List<Market> list = IngestSettings.DEFAULT_MARKETS;
        if (markets != MAIN_MARKETS) {
            list = new ArrayList<>();
            for (int m = 0; m < markets; m++) {
                list.add(new Market("Bench", "C" + m, "USD"));
            }
        }
        long perWindow = Math.max(1, options.sparkTradesPerWindow() * MAIN_MARKETS / markets);
        return new SyntheticTrades(list, SyntheticTrades.DEFAULT_START, SparkChild.WINDOW, perWindow);
    }

    static SparkChild.StateRequest stateRequest(BenchOptions options) {
        return new SparkChild.StateRequest(options.stateTradesPerWindow(), options.stateWindows(),
                options.stateBatchTrades(), 300);
    }

    private static SparkChild.JobVariant lever(String name, long trades, long maxOffsets, int partitions, boolean rocksDb,
                                               boolean parseOnly) {
        return new SparkChild.JobVariant(name, LEVER_TOPIC, TopicFormat.JSON, trades, LEVER_KEYSPACE, maxOffsets, 0,
                partitions, rocksDb, parseOnly, false);
    }

    /** The job on one core: after the other runs, in a session of its own in the same driver JVM. */
    private static SparkChild.JobVariant oneCoreVariant(BenchOptions options, Preloaded main) {
        return new SparkChild.JobVariant("job defaults, " + SparkChild.ONE_CORE, main.topic(), main.format(),
                Math.min(options.scalingTrades(), main.trades()), SCALING_KEYSPACE + "_one_core", DEFAULT_MAX_OFFSETS,
                DEFAULT_TRIGGER_MILLIS, DEFAULT_SHUFFLE_PARTITIONS, false, false, false);
    }

    private static BenchReport.SparkPoint point(TopicFormat format, int cores, int markets, SparkChild.JobRun run,
                                                PlainConsumerAggregation.Run plain) {
        double limit = plain == null ? -1 : plain.tradesPerSecond();
        return new BenchReport.SparkPoint(format.settingValue(), cores, markets, run.trades(),
                run.sustainedTradesPerSecond(), limit, plain == null ? -1 : run.sustainedTradesPerSecond() / limit,
                run.batches(), run.meanBatchMillis());
    }

    static Outcome finish(Started started, BenchOptions options, CassandraSettings cassandra, Progress progress) {
        SparkChild.Result result = started.child().awaitPartialResult(SparkChild.Result.class,
                Duration.ofSeconds(600 + options.sparkTrades() / 5_000));
        List<BenchReport.StatePoint> statePoints = started.request().state() == null ? List.of()
                : statePoints(result, started.child(), options, options.childHeap(), progress);
        long sampled = started.child().maxSampledRssBytes();
        if (started.formats().isEmpty()) {
            return new Outcome(failedSpark(BenchReport.NOT_SELECTED), List.of(), List.of(), result, statePoints,
                    sampled);
        }
        List<BenchReport.SparkPoint> points = new ArrayList<>();
        for (int f = 0; f < started.formats().size(); f++) {
            Preloaded preloaded = started.formats().get(f);
            points.add(point(preloaded.format(), 2, preloaded.markets(), result.jobs().get(f), preloaded.plain()));
        }
        // The run with the meters served follows the format runs.
        int served = options.metricsCost() ? 1 : 0;
        for (int s = 0; s < started.scaling().size(); s++) {
            Preloaded preloaded = started.scaling().get(s);
            points.add(point(preloaded.format(), 2, preloaded.markets(),
                    result.jobs().get(started.formats().size() + served + s), preloaded.plain()));
        }
        Preloaded first = started.formats().get(0);
        if (result.oneCore() != null) {
            points.add(point(first.format(), 1, first.markets(), result.oneCore(), null));
        }
        SparkChild.JobRun main = result.jobs().get(0);
        long[] stored = storedTrades(cassandra.withKeyspace(MAIN_KEYSPACE + "_" + first.format()));
        PlainConsumerAggregation.Run plain = first.plain();
        double ratio = main.sustainedTradesPerSecond() / plain.tradesPerSecond();
        BenchReport.SparkJob job = new BenchReport.SparkJob(first.format().settingValue(), main.trades(),
                main.sustainedTradesPerSecond(), main.overallTradesPerSecond(), plain.tradesPerSecond(), ratio,
                BenchReport.SPARK_TARGET_TRADES_PER_SECOND, BenchReport.SPARK_TARGET_RATIO,
                served == 1 ? result.jobs().get(started.formats().size()).sustainedTradesPerSecond() : -1, main.batches(),
                main.meanBatchMillis(), main.meanPhaseMillis(), main.lateDropped(), stored[0], stored[1],
                plain.windows(), MAIN + ", " + TWO_CORES + ", " + options.sparkTradesPerWindow()
                + " trades per market-minute, " + MAIN_MARKETS + " markets, topic format " + first.format(), null);
        progress.line("Cassandra holds %,d trades in %,d windows (plain consumer: %,d windows)", stored[0], stored[1],
                plain.windows());

        List<BenchReport.Lever> levers = new ArrayList<>(started.encodingLevers());
        int leversFrom = started.formats().size() + served + started.scaling().size();
        List<SparkChild.JobRun> leverRuns = result.jobs().subList(leversFrom, result.jobs().size());
        SparkChild.JobRun triggerZero = leverRuns.isEmpty() ? null : find(leverRuns, TRIGGER_ZERO);
        for (SparkChild.JobRun run : leverRuns) {
            String lever = run.name().contains("/trigger") ? "maxOffsetsPerTrigger"
                    : run.name().contains("shuffle") ? "shuffle partitions"
                    : run.name().contains("RocksDB") ? "RocksDB state store"
                    : run.name().contains("decode and check only") ? "decode and check (upper bound: no aggregation at all)"
                    : "trigger interval";
            SparkChild.JobRun baseline = lever.equals("trigger interval") ? main : triggerZero;
            double vs = run.sustainedTradesPerSecond() / baseline.sustainedTradesPerSecond();
            levers.add(new BenchReport.Lever("spark job", lever, run.name() + " (vs " + baseline.name() + ")",
                    run.sustainedTradesPerSecond(), "trades/s", vs, vs >= 1.1 ? "pays" : "no gain"));
        }
        return new Outcome(job, points, levers, result, statePoints, sampled);
    }

    static BenchReport.SparkJob failedSpark(String error) {
        return new BenchReport.SparkJob("", 0, 0, 0, 0, 0, BenchReport.SPARK_TARGET_TRADES_PER_SECOND,
                BenchReport.SPARK_TARGET_RATIO, -1, 0, 0, Map.of(), 0, 0, 0, 0, "", error);
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
