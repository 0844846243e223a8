package io.cryptostream.bench;

import java.util.List;
import java.util.Map;

/**
 * Everything one bench run measured, as written to {@code bench.json}. Rates are per second of wall time; every
 * stage carries the machine's own limit measured in the same run and the ratio to it. A stage that failed has its
 * {@code error} set and its figures at zero or -1 (unknown).
 */
public record BenchReport(String startedAt, double seconds, String mode, Machine machine, Decode decode, Ingest ingest,
                          SparkJob sparkJob, Freshness freshness, State state, Memory memory, List<Lever> levers,
                          List<Target> targets) {

    public static final double DECODE_TARGET_TRADES_PER_SECOND = 1_000_000;
    public static final double INGEST_TARGET_RATIO = 0.8;
    public static final double SPARK_TARGET_TRADES_PER_SECOND = 200_000;
    public static final double SPARK_TARGET_RATIO = 0.5;
    public static final double FRESHNESS_TARGET_P99_MILLIS = 1_000;

    public BenchReport withTargets(List<Target> checked) {
        return new BenchReport(startedAt, seconds, mode, machine, decode, ingest, sparkJob, freshness, state, memory,
                levers, checked);
    }

    /** True when any stage failed to produce its figures. */
    public boolean failed() {
        return decode.error() != null || ingest.error() != null || sparkJob.error() != null
                || freshness.error() != null || state.error() != null;
    }

    /** The machine and how busy it was: load averages (1, 5, 15 min) before and after the run. */
    public record Machine(int cores, String cpu, long memoryBytes, String os, String java, String loadAverageBefore,
                          String loadAverageAfter) {
    }

    /** Stage 1. The limit is Jackson merely tokenizing the same frames on the same thread. */
    public record Decode(List<VenueDecode> venues, double targetTradesPerSecond, String error) {
    }

    public record VenueDecode(String venue, String codec, int frames, String framesFrom, double tradesPerFrame,
                              double tradesPerSecond, double limitTradesPerSecond, double ratioToLimit) {
    }

    /**
     * Stage 2. The limit is a plain kafka-clients producer sending the same records with the same settings.
     *
     * @param cpuMicrosPerTrade              CPU time per trade of each process during the default ingest run
     * @param rawProducerCpuMicrosPerRecord  the same for the plain producer's run
     */
    public record Ingest(long trades, double tradesPerSecond, double rawProducerTradesPerSecond, double ratioToLimit,
                         double targetRatio, Map<String, Double> cpuMicrosPerTrade,
                         Map<String, Double> rawProducerCpuMicrosPerRecord, String settings, String error) {
    }

    /**
     * Stage 3. The limit is a plain Kafka consumer doing the same aggregation (dedupe, watermark, per-side sums,
     * OHLC) in a hash map on one thread.
     */
    public record SparkJob(long trades, double sustainedTradesPerSecond, double overallTradesPerSecond,
                           double plainConsumerTradesPerSecond, double ratioToLimit, double targetTradesPerSecond,
                           double targetRatio, int batches, double meanBatchMillis, Map<String, Double> meanPhaseMillis,
                           long lateDropped, long tradesInCassandra, long windowsInCassandra, long plainConsumerWindows,
                           String settings, String error) {
    }

    /** Stage 4: from ingest receiving a trade to its window row being readable in Cassandra. */
    public record Freshness(double targetTradesPerSecond, double measuredTradesPerSecond, long trades,
                            long unobserved, double p50Millis, double p99Millis, double maxMillis,
                            double pollIntervalMillis, String settings, long sparkBatches, double meanBatchMillis,
                            double p99BatchMillis, Map<String, Double> meanPhaseMillis, String error) {
    }

    /** Stage 5: state as trades per window grow, for the job's aggregates and for keeping every trade. */
    public record State(List<StatePoint> points, String error) {
    }

    /**
     * @param stateBytes          the stateful operator's memoryUsedBytes (all versions the store holds in memory)
     * @param bytesPerWindow      the newest state version (or, when not reported, stateBytes) per window
     * @param currentVersionBytes the newest state version alone (HDFS provider), -1 when not reported
     * @param dedupeStateBytes    the duplicate filter's memoryUsedBytes (aggregates query), -1 when there is none
     * @param tradesPerSecond     trades over the time Spark spent processing them
     */
    public record StatePoint(String query, long tradesPerWindow, long windows, long stateBytes, double bytesPerWindow,
                             long currentVersionBytes, long dedupeStateBytes, double tradesPerSecond, String failure) {
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
