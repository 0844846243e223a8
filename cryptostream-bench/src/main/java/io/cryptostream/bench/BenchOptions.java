package io.cryptostream.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How big each stage runs. {@link #full} is {@code ./cryptostream bench} (under 15 minutes on 2 cores),
 * {@link #quick} is {@code --quick} (under 3 minutes); {@link #tiny} only checks that every figure is produced.
 *
 * @param mode                  "full", "quick" or "tiny", recorded in the report
 * @param outDir                where bench.json and bench.png go
 * @param fixturesDir           captured WebSocket frames (the fixtures, docs/testing.md); empty: simulator frames only
 * @param decodeWarmup          JMH warm-up per decode benchmark (a codec, or the tokenizing limit, on a venue's
 *                              frames), each in a fresh JVM: long enough for the JIT to compile the codec
 * @param decodeMeasure         JMH measured time per decode benchmark
 * @param decodeMaxFrames       distinct trade frames kept per codec
 * @param ingestTrades          trades the simulator pushes through ingest per run
 * @param sparkTrades           trades preloaded for the Spark job (default 5 million)
 * @param sparkTradesPerWindow  trades per market per 1-minute window in that preload
 * @param leverTrades           trades per lever run of the Spark job
 * @param allLevers             every lever variant; otherwise one per lever
 * @param freshnessTradesPerSecond steady rate through the whole pipeline
 * @param freshnessWarmup       not measured: the job's first batches
 * @param freshnessMeasure      trades received in this span are measured
 * @param stateTradesPerWindow  the sizes of stage 5
 * @param stateWindows          windows per size
 * @param stateBatchTrades      trades per micro-batch in stage 5
 * @param childHeap             heap flags of the ingest and Spark child JVMs (the CLI's own: -Xms256m -Xmx1g)
 * @param stateHeap             heap flags of the stage 5 child: keeping every trade needs room to be measured at all
 */
public record BenchOptions(String mode, Path outDir, Optional<Path> fixturesDir, Duration decodeWarmup,
                           Duration decodeMeasure, int decodeMaxFrames, long ingestTrades, long sparkTrades,
                           long sparkTradesPerWindow, long leverTrades, boolean allLevers,
                           double freshnessTradesPerSecond, Duration freshnessWarmup, Duration freshnessMeasure,
                           List<Long> stateTradesPerWindow, int stateWindows, int stateBatchTrades,
                           List<String> childHeap, List<String> stateHeap) {

    public static final Path DEFAULT_OUT_DIR = Path.of("bench-results");

    public BenchOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(fixturesDir, "fixturesDir");
        if (ingestTrades < 1 || sparkTrades < 1 || leverTrades < 1 || sparkTradesPerWindow < 1) {
            throw new IllegalArgumentException("trade counts must be positive: ingest " + ingestTrades + ", spark "
                    + sparkTrades + ", levers " + leverTrades + ", per window " + sparkTradesPerWindow);
        }
        if (!(freshnessTradesPerSecond > 0)) {
            throw new IllegalArgumentException("freshnessTradesPerSecond must be positive, was " + freshnessTradesPerSecond);
        }
        stateTradesPerWindow = List.copyOf(stateTradesPerWindow);
        childHeap = List.copyOf(childHeap);
        stateHeap = List.copyOf(stateHeap);
    }

    /** {@code ./cryptostream bench}: the full sizes. */
    public static BenchOptions full(Path outDir) {
        return new BenchOptions("full", outDir, DecodeStage.defaultFixturesDir(), Duration.ofSeconds(5),
                Duration.ofSeconds(3), 20_000, 500_000, 5_000_000, 10_000, 500_000, true, 5_000,
                Duration.ofSeconds(15), Duration.ofSeconds(60), List.of(1_000L, 10_000L, 100_000L, 1_000_000L), 2,
                200_000, List.of("-Xms256m", "-Xmx1g"), List.of("-Xms256m", "-Xmx3g"));
    }

    /** {@code ./cryptostream bench --quick}: every figure, smaller. */
    public static BenchOptions quick(Path outDir) {
        return new BenchOptions("quick", outDir, DecodeStage.defaultFixturesDir(), Duration.ofSeconds(2),
                Duration.ofSeconds(1), 5_000, 100_000, 400_000, 10_000, 150_000, false, 5_000,
                Duration.ofSeconds(8), Duration.ofSeconds(12), List.of(1_000L, 10_000L, 100_000L), 2, 100_000,
                List.of("-Xms256m", "-Xmx1g"), List.of("-Xms256m", "-Xmx1g"));
    }

    /** The smallest run that still produces every figure: for the smoke test. */
    public static BenchOptions tiny(Path outDir) {
        return new BenchOptions("tiny", outDir, DecodeStage.defaultFixturesDir(), Duration.ofMillis(30),
                Duration.ofMillis(100), 500, 2_000, 5_000, 1_000, 1_000, false, 1_000, Duration.ofSeconds(2),
                Duration.ofSeconds(3), List.of(100L, 1_000L), 2, 1_000, List.of("-Xms256m", "-Xmx1g"),
                List.of("-Xms256m", "-Xmx1g"));
    }
}
