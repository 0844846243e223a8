package io.cryptostream.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How big each stage runs. {@link #full} is {@code ./cryptostream bench} (under 15 minutes on 2 cores),
 * {@link #quick} is {@code --quick} (under 3 minutes): each stage's headline figure and target, without the scaling
 * runs, the levers and the cost of serving metrics; {@link #tiny} is the quick selection at the smallest sizes, only to check that every stage
 * produces its figures.
 *
 * @param mode                  "full", "quick" or "tiny", recorded in the report
 * @param outDir                where bench.json and bench.png go
 * @param fixturesDir           captured WebSocket frames (the fixtures, docs/testing.md); empty: simulator frames only
 * @param stages                the stages to run ({@code --only}); all by default
 * @param decodeWarmup          JMH warm-up per decode benchmark (a codec, or the tokenizing limit, on a venue's
 *                              frames), each in a fresh JVM: long enough for the JIT to compile the codec
 * @param decodeMeasure         JMH measured time per decode benchmark
 * @param decodeMaxFrames       distinct trade frames kept per codec
 * @param ingestTrades          trades the simulator pushes through ingest per run
 * @param sparkTrades           trades preloaded for the Spark job in each topic format, 5 markets
 * @param sparkTradesPerWindow  trades per market per 1-minute window in that preload
 * @param formats               the topic formats the Spark stage measures, each next to its own plain consumer
 * @param scalingTrades         trades per scaling run: local[1], and each market count other than 5; more than one
 *                              micro-batch of 200,000, as the sustained rate leaves the first batch out
 * @param scalingMarkets        market counts of the scaling runs, at the same total rate and event-time span
 * @param oneCore               also measure the job on {@code local[1]}, in a driver of its own
 * @param levers                measure the levers (producer settings, Pekko buffer, Spark settings) at all
 * @param leverTrades           trades per lever run of the Spark job
 * @param allLevers             every lever variant; otherwise one per lever
 * @param metricsCost           also run ingest and the Spark job with their meters served and scraped, next to the
 *                              same runs without
 * @param freshnessRates        the steady rates (trades/s) of the freshness curve
 * @param freshnessWarmup       not measured: the job's first batches
 * @param freshnessMeasure      trades received in this span are measured
 * @param stateTradesPerWindow  the sizes of stage 5
 * @param stateWindows          windows per size
 * @param stateBatchTrades      trades per micro-batch in stage 5
 * @param childHeap             heap flags of the ingest and Spark child JVMs (the CLI's own: -Xms256m -Xmx1g)
 * @param stateHeap             heap flags of the stage 5 child: keeping every trade needs room to be measured at all
 * @param runLimit              what a run of these sizes with every stage selected may take on 2 cores: a target
 */
public record BenchOptions(String mode, Path outDir, Optional<Path> fixturesDir, Set<Stage> stages,
                           Duration decodeWarmup, Duration decodeMeasure, int decodeMaxFrames, long ingestTrades,
                           long sparkTrades, long sparkTradesPerWindow, List<TopicFormat> formats, long scalingTrades,
                           List<Integer> scalingMarkets, boolean oneCore, boolean levers, long leverTrades, boolean allLevers,
                           boolean metricsCost, List<Double> freshnessRates, Duration freshnessWarmup, Duration freshnessMeasure,
                           List<Long> stateTradesPerWindow, int stateWindows, int stateBatchTrades,
                           List<String> childHeap, List<String> stateHeap, Duration runLimit) {

    public static final Path DEFAULT_OUT_DIR = Path.of("bench-results");
    /** The freshness curve's rates, trades/s: the highest is the one that must be carried. */
    static final List<Double> FRESHNESS_RATES = List.of(1_000.0, 5_000.0, 20_000.0);
    /** The rates the freshness targets are about: the target rate and the highest. */
    private static final List<Double> QUICK_FRESHNESS_RATES = List.of(BenchReport.FRESHNESS_TARGET_RATE, 20_000.0);
    static final List<Integer> SCALING_MARKETS = List.of(5, 50, 500);
    private static final List<String> CLI_HEAP = List.of("-Xms256m", "-Xmx1g");

    public BenchOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(fixturesDir, "fixturesDir");
        Objects.requireNonNull(runLimit, "runLimit");
        if (ingestTrades < 1 || sparkTrades < 1 || leverTrades < 1 || sparkTradesPerWindow < 1 || scalingTrades < 1) {
            throw new IllegalArgumentException("trade counts must be positive: ingest " + ingestTrades + ", spark "
                    + sparkTrades + ", scaling " + scalingTrades + ", levers " + leverTrades + ", per window "
                    + sparkTradesPerWindow);
        }
        if (freshnessRates.isEmpty() || freshnessRates.stream().anyMatch(rate -> !(rate > 0))) {
            throw new IllegalArgumentException("freshnessRates must be positive, were " + freshnessRates);
        }
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("at least one topic format is measured");
        }
        stages = stages.isEmpty() ? EnumSet.noneOf(Stage.class) : EnumSet.copyOf(stages);
        formats = List.copyOf(formats);
        scalingMarkets = List.copyOf(scalingMarkets);
        freshnessRates = List.copyOf(freshnessRates);
        stateTradesPerWindow = List.copyOf(stateTradesPerWindow);
        childHeap = List.copyOf(childHeap);
        stateHeap = List.copyOf(stateHeap);
    }

    /**
     * {@code ./cryptostream bench}: the full sizes. Every measured span is a steady state: each Spark run has 10
     * micro-batches after the unmeasured first one (3 for the scaling runs), each freshness rate 20 s after 10 s of
     * warm-up, each decode fork 2 s of JMH warm-up (the codec is compiled well within the first iteration).
     */
    public static BenchOptions full(Path outDir) {
        return new BenchOptions("full", outDir, DecodeStage.defaultFixturesDir(), EnumSet.allOf(Stage.class),
                Duration.ofSeconds(2), Duration.ofSeconds(2), 20_000, 300_000, 2_000_000, 10_000,
                List.of(TopicFormat.values()), 600_000, SCALING_MARKETS, true, true, 400_000, true, true, FRESHNESS_RATES,
                Duration.ofSeconds(10), Duration.ofSeconds(20), List.of(1_000L, 10_000L, 100_000L, 1_000_000L), 2,
                200_000, CLI_HEAP, List.of("-Xms256m", "-Xmx3g"), Duration.ofMinutes(15));
    }

    /**
     * {@code ./cryptostream bench --quick}: every stage's headline figure and target at smaller sizes, in the default
     * topic format on 2 cores and 5 markets; the scaling runs and the levers are the full run's.
     */
    public static BenchOptions quick(Path outDir) {
        return new BenchOptions("quick", outDir, DecodeStage.defaultFixturesDir(), EnumSet.allOf(Stage.class),
                Duration.ofMillis(700), Duration.ofMillis(500), 2_000, 100_000, 400_000, 10_000,
                List.of(TopicFormat.values()[0]), 600_000, List.of(), false, false, 150_000, false, false,
                QUICK_FRESHNESS_RATES, Duration.ofSeconds(4), Duration.ofSeconds(5), List.of(1_000L, 30_000L), 2,
                30_000, CLI_HEAP, CLI_HEAP, Duration.ofMinutes(3));
    }

    /** The quick selection at the smallest sizes that still produce every one of its figures: for the smoke test. */
    public static BenchOptions tiny(Path outDir) {
        return new BenchOptions("tiny", outDir, DecodeStage.defaultFixturesDir(), EnumSet.allOf(Stage.class),
                Duration.ofMillis(30), Duration.ofMillis(100), 500, 2_000, 5_000, 1_000,
                List.of(TopicFormat.values()[0]), 3_000, List.of(), false, false, 1_000, false, true,
                List.of(500.0, 2_000.0), Duration.ofSeconds(2), Duration.ofSeconds(3), List.of(100L, 1_000L), 2, 1_000,
                CLI_HEAP, CLI_HEAP, Duration.ofSeconds(90));
    }

    /** These sizes, running only {@code selected}. */
    public BenchOptions only(Set<Stage> selected) {
        return new BenchOptions(mode, outDir, fixturesDir, selected, decodeWarmup, decodeMeasure, decodeMaxFrames,
                ingestTrades, sparkTrades, sparkTradesPerWindow, formats, scalingTrades, scalingMarkets, oneCore, levers,
                leverTrades, allLevers, metricsCost, freshnessRates, freshnessWarmup, freshnessMeasure, stateTradesPerWindow,
                stateWindows, stateBatchTrades, childHeap, stateHeap, runLimit);
    }

    boolean runs(Stage stage) {
        return stages.contains(stage);
    }
}
