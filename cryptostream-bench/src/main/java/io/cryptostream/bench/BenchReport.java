package io.cryptostream.bench;

import java.util.List;
import java.util.Map;

/**
 * Everything one bench run measured, as written to {@code bench.json}. Rates are per second of wall time; every
 * stage carries the machine's own limit measured in the same run and the ratio to it. A stage that failed has its
 * {@code error} set and its figures at zero or -1 (unknown).
 *
 * @param seconds      the run's wall time, from the start to the figures being complete
 * @param secondsLimit what the run of this mode may take with every stage selected ({@link BenchOptions#runLimit})
 * @param parts        where those seconds went, in the order the parts ran
 */
public record BenchReport(String startedAt, double seconds, double secondsLimit, List<Part> parts, String mode,
                          List<String> stages, Machine machine,
                          Decode decode, Ingest ingest, SparkJob sparkJob, SparkScaling sparkScaling,
                          List<Freshness> freshness, State state, Memory memory, List<Lever> levers,
                          List<Target> targets) {

    public static final double DECODE_TARGET_TRADES_PER_SECOND = 1_500_000;
    public static final double DECODE_TARGET_RATIO = 0.7;
    public static final double INGEST_TARGET_RATIO = 0.8;
    public static final double SPARK_TARGET_TRADES_PER_SECOND = 250_000;
    public static final double SPARK_TARGET_RATIO = 0.5;
    /** Ingest and the Spark job with their meters served and scraped, against the same runs without. */
    public static final double METRICS_TARGET_RATIO = 0.95;
    /** The freshness targets hold at this rate; the highest rate measured must be carried without falling behind. */
    public static final double FRESHNESS_TARGET_RATE = 5_000;
    public static final double FRESHNESS_TARGET_P99_MILLIS = 500;
    public static final double FRESHNESS_TARGET_MAX_MILLIS = 1_000;
    /** Error text of a stage left out with {@code --only}: not a failure. */
    public static final String NOT_SELECTED = "not selected (--only)";

    public BenchReport withTargets(List<Target> checked) {
        return new BenchReport(startedAt, seconds, secondsLimit, parts, mode, stages, machine, decode, ingest, sparkJob,
                sparkScaling, freshness, state, memory, levers, checked);
    }

    /** True when any selected stage failed to produce its figures. */
    public boolean failed() {
        return failed(decode.error()) || failed(ingest.error()) || failed(sparkJob.error())
                || failed(sparkScaling.error()) || freshness.stream().anyMatch(f -> failed(f.error()))
                || failed(state.error());
    }

    private static boolean failed(String error) {
        return error != null && !error.equals(NOT_SELECTED);
    }

    /** A part of the run (a stage, or starting the servers) and the wall time it took. */
    public record Part(String name, double seconds) {
    }

    /** The machine and how busy it was: load averages (1, 5, 15 min) before and after the run. */
    public record Machine(int cores, String cpu, long memoryBytes, String os, String java, String loadAverageBefore,
                          String loadAverageAfter) {
    }

    /** Stage 1. The limit is Jackson merely tokenizing the same frames on the same thread. */
    public record Decode(List<VenueDecode> venues, double targetTradesPerSecond, double targetRatio, String error) {
    }

    public record VenueDecode(String venue, String codec, int frames, String framesFrom, double tradesPerFrame,
                              double tradesPerSecond, double limitTradesPerSecond, double ratioToLimit) {
    }

    /**
     * Stage 2. The limit is the lower of two measured in the same run: a plain kafka-clients producer sending the same
     * records with the same settings, and a WebSocket client that only counts the same simulator's frames.
     *
     * @param limitTradesPerSecond           min(rawProducerTradesPerSecond, frameClientTradesPerSecond)
     * @param ratioToLimit                   tradesPerSecond / limitTradesPerSecond
     * @param metricsServedTradesPerSecond   the same runs with the meters served and scraped every second, the
     *                                       better of two; -1 when not measured
     * @param cpuMicrosPerTrade              CPU time per trade of each process during the default ingest run
     * @param rawProducerCpuMicrosPerRecord  the same for the plain producer's run
     * @param frameClientCpuMicrosPerFrame   the same for the counting client's run
     */
    public record Ingest(long trades, double tradesPerSecond, double rawProducerTradesPerSecond,
                         double frameClientTradesPerSecond, double limitTradesPerSecond, double ratioToLimit,
                         double targetRatio, double metricsServedTradesPerSecond, Map<String, Double> cpuMicrosPerTrade,
                         Map<String, Double> rawProducerCpuMicrosPerRecord,
                         Map<String, Double> frameClientCpuMicrosPerFrame, String settings, String error) {
    }

    /**
     * Stage 3, in the first topic format. The limit is a plain Kafka consumer reading the same topic format and doing
     * the same aggregation (watermark, per-side sums, OHLC) in a hash map on one thread.
     *
     * @param metricsServedTradesPerSecond the same run again with the job's meters served and scraped every second;
     *                                     -1 when not measured
     */
    public record SparkJob(String format, long trades, double sustainedTradesPerSecond, double overallTradesPerSecond,
                           double plainConsumerTradesPerSecond, double ratioToLimit, double targetTradesPerSecond,
                           double targetRatio, double metricsServedTradesPerSecond, int batches, double meanBatchMillis, Map<String, Double> meanPhaseMillis,
                           long lateDropped, long tradesInCassandra, long windowsInCassandra, long plainConsumerWindows,
                           String settings, String error) {
    }

    /**
     * Stage 3's scaling figures: the job's sustained rate per topic format, Spark cores ({@code local[n]}) and number
     * of markets, each next to the plain consumer on the same topic where one was measured (-1 otherwise).
     */
    public record SparkScaling(List<SparkPoint> points, String error) {
    }

    public record SparkPoint(String format, int cores, int markets, long trades, double sustainedTradesPerSecond,
                             double plainConsumerTradesPerSecond, double ratioToLimit, int batches,
                             double meanBatchMillis) {
    }

    /**
     * Stage 4, at one steady rate: from ingest receiving a trade to its window row being readable in Cassandra.
     *
     * @param emittedTradesPerSecond what the simulator generated per second while ingest was connected: when the
     *                             rate that arrived falls short, this tells the simulator's share from the rest
     * @param clientDrops          times the simulator dropped ingest for falling a full send queue behind
     * @param firstThirdP99Millis  p99 freshness of the trades received in the first third of the measured span
     * @param lastThirdP99Millis   the same for the last third: a lag that grows over the run shows here
     * @param carried              the rate is carried without falling behind: the simulator never dropped ingest,
     *                             at least 90 % of the rate arrived, every measured trade became readable, and the
     *                             last third's p99 is within {@link #CARRIED_LAG_GROWTH_MILLIS} of the first third's
     * @param cpuMicrosPerTrade    CPU per trade of each process over the measured span
     */
    public record Freshness(double targetTradesPerSecond, double measuredTradesPerSecond, long trades,
                            long unobserved, double p50Millis, double p99Millis, double maxMillis,
                            double pollIntervalMillis, String settings, long sparkBatches, double meanBatchMillis,
                            double p99BatchMillis, Map<String, Double> meanPhaseMillis,
                            double emittedTradesPerSecond, long clientDrops,
                            double firstThirdP99Millis, double lastThirdP99Millis, boolean carried,
                            Map<String, Double> cpuMicrosPerTrade, String error) {

        public static final double CARRIED_LAG_GROWTH_MILLIS = 1_000;

        static Freshness failed(double rate, String error) {
            return new Freshness(rate, 0, 0, 0, 0, 0, 0, 0, "", 0, 0, 0, Map.of(), 0, 0, 0, 0, false, Map.of(), error);
        }

        Freshness withSparkBatches(long batches, double meanBatch, double p99Batch, Map<String, Double> phases) {
            return new Freshness(targetTradesPerSecond, measuredTradesPerSecond, trades, unobserved, p50Millis,
                    p99Millis, maxMillis, pollIntervalMillis, settings, batches, meanBatch, p99Batch, phases,
                    emittedTradesPerSecond, clientDrops, firstThirdP99Millis, lastThirdP99Millis, carried, cpuMicrosPerTrade, error);
        }
    }

    /** Stage 5: state as trades per window grow, for the job's aggregates and for keeping every trade. */
    public record State(List<StatePoint> points, String error) {
    }

    /**
     * @param stateBytes          the stateful operator's memoryUsedBytes (all versions the store holds in memory)
     * @param bytesPerWindow      the newest state version (or, when not reported, stateBytes) per window
     * @param currentVersionBytes the newest state version alone (HDFS provider), -1 when not reported
     * @param lateFilterRows      rows in the late-trade filter's state (aggregates query), -1 when there is none
     * @param tradesPerSecond     trades over the time Spark spent processing them
     */
    public record StatePoint(String query, long tradesPerWindow, long windows, long stateBytes, double bytesPerWindow,
                             long currentVersionBytes, long lateFilterRows, double tradesPerSecond, String failure) {
    }

    /** Stage 6: peak resident memory (VmHWM) of each process, and the highest VmRSS the parent sampled. */
    public record Memory(long ingestPeakRssBytes, long ingestSampledMaxRssBytes, long sparkDriverPeakRssBytes,
                         long sparkDriverSampledMaxRssBytes, long kafkaPeakRssBytes, long cassandraPeakRssBytes,
                         long benchPeakRssBytes, String childHeap) {
    }

    /**
     * One lever setting and its figure next to the baseline's.
     *
     * @param vsBaseline value / baseline value (for latencies: baseline / value), so above 1 is better
     * @param verdict    "pays" when at least 10 % better than the baseline, else "no gain"
     */
    public record Lever(String stage, String lever, String variant, double value, String unit, double vsBaseline,
                        String verdict) {
    }

    /** A performance target, whether the figures meet it, and for a miss its measured cause and remedy. */
    public record Target(String stage, String target, String measured, boolean met, String cause) {
    }
}
