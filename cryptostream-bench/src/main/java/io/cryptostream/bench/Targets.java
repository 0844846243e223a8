package io.cryptostream.bench;

import io.cryptostream.ingest.IngestSettings;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The performance targets checked against the figures. A missed target gets its cause as the figures show it and what
 * would close it; the causes are read from the measurements (limits, ratios, batch phases), not assumed.
 */
final class Targets {

    private Targets() {
    }

    static List<BenchReport.Target> check(BenchReport r) {
        List<BenchReport.Target> targets = new ArrayList<>();
        if (selected(r.decode().error())) {
            decode(r, targets);
        }
        if (selected(r.ingest().error())) {
            ingest(r, targets);
        }
        if (selected(r.sparkJob().error())) {
            spark(r, targets);
        }
        if (r.freshness().stream().anyMatch(f -> selected(f.error()))) {
            freshness(r, targets);
        }
        if (selected(r.state().error())) {
            state(r, targets);
        }
        if (r.stages().size() == Stage.values().length) {
            duration(r, targets);
        }
        return targets;
    }

    /** The run's own wall time against its mode's limit; only a run of every stage is the run the limit is for. */
    private static void duration(BenchReport r, List<BenchReport.Target> targets) {
        boolean met = r.seconds() <= r.secondsLimit();
        String longest = r.parts().stream().sorted(Comparator.comparingDouble(BenchReport.Part::seconds).reversed())
                .limit(3).map(part -> fmt("%s %,.0f s", part.name(), part.seconds()))
                .reduce((a, b) -> a + ", " + b).orElse("");
        targets.add(new BenchReport.Target("bench run (" + r.mode() + ")",
                fmt("every stage ≤ %s on 2 cores", minutes(r.secondsLimit())),
                fmt("%,.0f s (%s); longest: %s", r.seconds(), minutes(r.seconds()), longest), met,
                met ? null : fmt("the parts' times are in the table above, the longest %s. The load average "
                        + "before the run was %s (1, 5, 15 min): above about 1, other work on the machine stretched "
                        + "every part; otherwise the sizes of those parts set the time", longest,
                        r.machine().loadAverageBefore())));
    }

    private static String minutes(double seconds) {
        return seconds % 60 == 0 ? fmt("%.0f min", seconds / 60) : fmt("%.1f min", seconds / 60);
    }

    private static boolean selected(String error) {
        return !BenchReport.NOT_SELECTED.equals(error);
    }

    private static final String DECODE_TARGET = fmt("≥ %,.0f trades/s per core and ≥ %.1f of tokenizing",
            BenchReport.DECODE_TARGET_TRADES_PER_SECOND, BenchReport.DECODE_TARGET_RATIO);

    private static void decode(BenchReport r, List<BenchReport.Target> targets) {
        if (r.decode().error() != null) {
            targets.add(new BenchReport.Target("decode", DECODE_TARGET, "failed", false, r.decode().error()));
            return;
        }
        for (BenchReport.VenueDecode venue : r.decode().venues()) {
            boolean fast = venue.tradesPerSecond() >= BenchReport.DECODE_TARGET_TRADES_PER_SECOND;
            boolean close = venue.ratioToLimit() >= BenchReport.DECODE_TARGET_RATIO;
            String cause = null;
            if (venue.frames() == 0) {
                cause = "no trade frames for this codec among the fixtures and simulators";
            } else if (!fast && venue.limitTradesPerSecond() < BenchReport.DECODE_TARGET_TRADES_PER_SECOND) {
                cause = fmt("merely tokenizing these JSON frames (%.1f trades per frame) reaches only %,.0f trades/s on "
                        + "this core, so no JSON codec can meet the target here; the codec runs at %.0f%% of that. "
                        + "Closing it needs a faster core, or a codec that skips fields it does not need with a "
                        + "byte-level scanner instead of a full tokenizer", venue.tradesPerFrame(),
                        venue.limitTradesPerSecond(), 100 * venue.ratioToLimit());
            } else if (!fast || !close) {
                cause = fmt("tokenizing reaches %,.0f trades/s but the codec only %.0f%% of it. Numbers and times "
                        + "are already read from the frame's characters, and the parser and frame copy cost "
                        + "tokenizing the same; what is left is the table of each frame's fields and the codec's own "
                        + "work per trade (field look-ups, market, time, two BigDecimals, the Trade record's checks), "
                        + "measured by thread CPU time. Closing it: a trade reader that takes each field it needs as "
                        + "the parser passes it, with no field table or look-ups", venue.limitTradesPerSecond(),
                        100 * venue.ratioToLimit());
            }
            targets.add(new BenchReport.Target("decode " + venue.venue(), DECODE_TARGET,
                    fmt("%,.0f trades/s (%.2f of tokenizing alone)", venue.tradesPerSecond(), venue.ratioToLimit()),
                    fast && close, fast && close ? null : cause));
        }
    }

    private static void ingest(BenchReport r, List<BenchReport.Target> targets) {
        BenchReport.Ingest ingest = r.ingest();
        String target = fmt("≥ %.1f of min(plain producer, frame-counting client)", BenchReport.INGEST_TARGET_RATIO);
        if (ingest.error() != null) {
            targets.add(new BenchReport.Target("ingest", target, "failed", false, ingest.error()));
            return;
        }
        boolean met = ingest.ratioToLimit() >= BenchReport.INGEST_TARGET_RATIO;
        double ingestCpu = ingest.cpuMicrosPerTrade().getOrDefault("ingest JVM", -1.0);
        double simulatorCpu = ingest.cpuMicrosPerTrade().getOrDefault("simulator JVM", -1.0);
        double brokerCpu = ingest.cpuMicrosPerTrade().getOrDefault("Kafka broker", -1.0);
        double producerCpu = ingest.rawProducerCpuMicrosPerRecord().getOrDefault("plain producer (bench JVM)", -1.0);
        double total = ingestCpu + simulatorCpu + brokerCpu;
        String bound = ingest.rawProducerTradesPerSecond() <= ingest.frameClientTradesPerSecond()
                ? "the plain producer" : "the frame-counting client";
        String cause = met ? null : fmt("the limit is %s. CPU per trade measured in the run: the ingest JVM %.1f µs, "
                + "the simulator JVM sending the frames %.1f µs, the broker %.1f µs, %.1f µs in all, so 2 cores carry "
                + "at most about %,.0f trades/s; the plain producer needs %.1f µs per record. Ingest itself costs %.0f× "
                + "the plain producer's client work, though decoding a frame takes 1/%,.0f s and decode, check, "
                + "dedupe and encode already run in one stage per connection with continuous sends. A JFR profile "
                + "puts a quarter of ingest's CPU in Pekko HTTP's WebSocket client, which builds a substream and "
                + "timers for every message, and a fifth in actor hops. Closing it: a client stage that hands over "
                + "whole frames without a substream per message (a WebSocket frame stage over Pekko's TCP)", bound,
                ingestCpu, simulatorCpu, brokerCpu, total, 2e6 / total, producerCpu, ingestCpu / producerCpu,
                decodeRate(r));
        targets.add(new BenchReport.Target("ingest", target,
                fmt("%,.0f vs min(%,.0f, %,.0f) trades/s = %.2f", ingest.tradesPerSecond(),
                        ingest.rawProducerTradesPerSecond(), ingest.frameClientTradesPerSecond(),
                        ingest.ratioToLimit()), met, cause));
        if (ingest.metricsServedTradesPerSecond() >= 0) {
            metricsCost(r, "ingest", ingest.metricsServedTradesPerSecond(), ingest.tradesPerSecond(),
                    "the better of two runs each, interleaved", targets);
        }
    }

    private static final String METRICS_TARGET = fmt("with metrics served and scraped every second ≥ %.2f of without",
            BenchReport.METRICS_TARGET_RATIO);

    /** Serving the meters against the same runs without: the cost of watching a run. */
    private static void metricsCost(BenchReport r, String stage, double served, double without, String runs,
                                    List<BenchReport.Target> targets) {
        double ratio = served / without;
        boolean met = ratio >= BenchReport.METRICS_TARGET_RATIO;
        String spread = r.levers().stream().filter(l -> l.stage().equals("ingest") && l.lever().startsWith("none"))
                .findFirst().map(l -> fmt("; the same ingest settings run twice in this run differed by ×%.2f",
                        Math.max(l.vsBaseline(), 1 / l.vsBaseline()))).orElse("");
        targets.add(new BenchReport.Target(stage + ", metrics served", METRICS_TARGET,
                fmt("%,.0f vs %,.0f trades/s = %.2f (%s)", served, without, ratio, runs), met,
                met ? null : fmt("serving adds Micrometer's meters, read when scraped, and a Pekko HTTP endpoint; "
                        + "nothing on the per-trade path changes%s. A difference within that spread is noise: run the "
                        + "bench again on a quiet machine", spread)));
    }

    private static double decodeRate(BenchReport r) {
        return r.decode().venues().stream().filter(v -> v.venue().equalsIgnoreCase("CryptoCompare"))
                .mapToDouble(BenchReport.VenueDecode::tradesPerSecond).findFirst().orElse(Double.NaN);
    }

    private static void spark(BenchReport r, List<BenchReport.Target> targets) {
        BenchReport.SparkJob job = r.sparkJob();
        String absoluteTarget = fmt("≥ %,.0f trades/s on 2 cores", BenchReport.SPARK_TARGET_TRADES_PER_SECOND);
        String relativeTarget = fmt("≥ %.1f of the plain consumer on the same topic format", BenchReport.SPARK_TARGET_RATIO);
        if (job.error() != null) {
            targets.add(new BenchReport.Target("spark job", absoluteTarget + ", " + relativeTarget, "failed", false,
                    job.error()));
            return;
        }
        BenchReport.Lever best = r.levers().stream().filter(l -> l.stage().equals("spark job") && l.unit().equals("trades/s")
                        && !l.lever().startsWith("topic encoding"))
                .max(Comparator.comparingDouble(BenchReport.Lever::value)).orElse(null);
        BenchReport.Lever parseOnly = r.levers().stream().filter(l -> l.lever().startsWith("decode and check (upper"))
                .findFirst().orElse(null);
        String phases = topPhases(job.meanPhaseMillis());
        String bestText = best == null ? "" : fmt(" The best lever run, %s, sustained %,.0f trades/s.", best.variant(),
                best.value());
        String parseText = parseOnly == null ? "" : fmt(" Reading Kafka, decoding and checking alone, with no aggregation, "
                + "sustains %,.0f trades/s: that bounds what any change after parsing can reach.", parseOnly.value());
        List<BenchReport.SparkPoint> formats = r.sparkScaling().points().stream()
                .filter(p -> p.cores() == 2 && p.markets() == IngestSettings.DEFAULT_MARKETS.size()).toList();
        for (BenchReport.SparkPoint point : formats) {
            String stage = "spark job, " + point.format();
            boolean detailed = point.format().equals(job.format());
            boolean absolute = point.sustainedTradesPerSecond() >= BenchReport.SPARK_TARGET_TRADES_PER_SECOND;
            targets.add(new BenchReport.Target(stage, absoluteTarget,
                    fmt("%,.0f trades/s sustained", point.sustainedTradesPerSecond()), absolute, absolute || !detailed
                    ? null : fmt("a %,d-trade micro-batch takes %,.0f ms on average (%s).%s%s Each record is "
                            + "decoded and checked once (the dead-letter query checks again only the records of "
                            + "batches in which the window query rejected one); what is left per record is from_avro "
                            + "(Avro's generic reader, a BigInteger per decimal) and the trade check, a Java UDF over "
                            + "ten converted values. Closing it: a check Spark compiles instead of the UDF, and a "
                            + "cheaper Avro decoder",
                    job.batches() == 0 ? 0 : job.trades() / job.batches(), job.meanBatchMillis(), phases, bestText,
                    parseText)));
            boolean relative = point.ratioToLimit() >= BenchReport.SPARK_TARGET_RATIO;
            targets.add(new BenchReport.Target(stage, relativeTarget,
                    fmt("%,.0f vs %,.0f trades/s = %.2f", point.sustainedTradesPerSecond(),
                            point.plainConsumerTradesPerSecond(), point.ratioToLimit()), relative, relative || !detailed
                    ? null : fmt("the same aggregation in a hash map on one thread runs at %,.0f trades/s; Spark spends "
                            + "its batches on %s.%s%s", point.plainConsumerTradesPerSecond(), phases, bestText,
                    parseText)));
        }
        if (job.metricsServedTradesPerSecond() >= 0) {
            metricsCost(r, "spark job, " + job.format(), job.metricsServedTradesPerSecond(),
                    job.sustainedTradesPerSecond(), "one run each, the served one second", targets);
        }
    }

    private static String topPhases(Map<String, Double> phases) {
        return phases.entrySet().stream().filter(e -> !e.getKey().equals("triggerExecution"))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(3)
                .map(e -> fmt("%s %,.0f ms", e.getKey(), e.getValue())).reduce((a, b) -> a + ", " + b).orElse("no phases");
    }

    private static void freshness(BenchReport r, List<BenchReport.Target> targets) {
        String target = fmt("at %,.0f trades/s p99 ≤ %,.0f ms and max ≤ %,.0f ms", BenchReport.FRESHNESS_TARGET_RATE,
                BenchReport.FRESHNESS_TARGET_P99_MILLIS, BenchReport.FRESHNESS_TARGET_MAX_MILLIS);
        BenchReport.Freshness f = r.freshness().stream()
                .filter(run -> run.targetTradesPerSecond() == BenchReport.FRESHNESS_TARGET_RATE).findFirst()
                .orElse(null);
        if (f == null) {
            targets.add(new BenchReport.Target("freshness", target, "not measured at that rate", false,
                    "the freshness curve's rates leave it out"));
        } else if (f.error() != null) {
            targets.add(new BenchReport.Target("freshness", target, "failed", false, f.error()));
        } else {
            boolean met = f.trades() > 0 && f.p99Millis() <= BenchReport.FRESHNESS_TARGET_P99_MILLIS
                    && f.maxMillis() <= BenchReport.FRESHNESS_TARGET_MAX_MILLIS;
            double sink = f.meanPhaseMillis().getOrDefault(TimedWindowSink.PHASE, 0.0);
            BenchReport.Lever fewerPartitions = r.levers().stream().filter(l -> l.stage().equals("freshness"))
                    .min(Comparator.comparingDouble(BenchReport.Lever::value)).orElse(null);
            String lever = fewerPartitions == null ? "" : fmt(" Measured lever: %s gave p99 %,.0f ms.",
                    fewerPartitions.variant(), fewerPartitions.value());
            String cause = met ? null : fmt("with the trigger at 0 s a trade waits for the running micro-batch to end "
                    + "and then for its own, about 1.5 to 2 batch durations. Batches with input average %,.0f ms (p99 "
                    + "%,.0f ms); the Cassandra writes take %,.0f ms of that and the rest is Spark's own per-batch work "
                    + "(%s).%s Closing it: a shorter per-batch path (fewer state partitions for the live job, fewer "
                    + "stateful operators, faster writes)", f.meanBatchMillis(), f.p99BatchMillis(), sink,
                    topPhases(f.meanPhaseMillis()), lever);
            targets.add(new BenchReport.Target("freshness", target,
                    fmt("p50 %,.0f ms, p99 %,.0f ms, max %,.0f ms over %,d trades", f.p50Millis(), f.p99Millis(),
                            f.maxMillis(), f.trades()), met, cause));
        }
        BenchReport.Freshness highest = r.freshness().stream()
                .max(Comparator.comparingDouble(BenchReport.Freshness::targetTradesPerSecond)).orElseThrow();
        String carriedTarget = fmt("%,.0f trades/s carried without falling behind", highest.targetTradesPerSecond());
        if (highest.error() != null) {
            targets.add(new BenchReport.Target("freshness", carriedTarget, "failed", false, highest.error()));
            return;
        }
        targets.add(new BenchReport.Target("freshness", carriedTarget,
                fmt("%,.0f trades/s arrived, %d drops, %d never readable, p99 %,.0f ms in the first third, %,.0f ms "
                                + "in the last", highest.measuredTradesPerSecond(), highest.clientDrops(),
                        highest.unobserved(), highest.firstThirdP99Millis(), highest.lastThirdP99Millis()),
                highest.carried(), highest.carried() ? null : fmt("carried means: the simulator never dropped ingest, "
                        + "≥ 90%% of the rate arrived, every measured trade became readable, and the last third's p99 "
                        + "is within %,.0f ms of the first third's. Per trade the processes spent (µs of CPU): %s, "
                        + "%.1f in all; 2 cores have %,.0f µs per trade at this rate",
                BenchReport.Freshness.CARRIED_LAG_GROWTH_MILLIS, highest.cpuMicrosPerTrade().entrySet().stream()
                        .map(e -> fmt("%s %.1f", e.getKey(), e.getValue())).reduce((a, b) -> a + ", " + b).orElse(""),
                highest.cpuMicrosPerTrade().values().stream().mapToDouble(Double::doubleValue).sum(),
                2e6 / highest.targetTradesPerSecond())));
    }

    private static void state(BenchReport r, List<BenchReport.Target> targets) {
        if (r.state().error() != null) {
            targets.add(new BenchReport.Target("state", "constant bytes per window", "failed", false, r.state().error()));
            return;
        }
        List<BenchReport.StatePoint> aggregates = r.state().points().stream()
                .filter(p -> p.query().equals("aggregates") && p.failure() == null).toList();
        if (aggregates.size() < 2) {
            targets.add(new BenchReport.Target("state", "constant bytes per window", "too few sizes measured", false,
                    "fewer than two window sizes produced state figures"));
            return;
        }
        double min = aggregates.stream().mapToDouble(BenchReport.StatePoint::bytesPerWindow).min().orElseThrow();
        double max = aggregates.stream().mapToDouble(BenchReport.StatePoint::bytesPerWindow).max().orElseThrow();
        boolean met = max <= min * 1.5;
        BenchReport.StatePoint smallest = aggregates.get(0);
        BenchReport.StatePoint largest = aggregates.get(aggregates.size() - 1);
        targets.add(new BenchReport.Target("state", "constant bytes per window as trades per window grow",
                fmt("window aggregates: %,.0f B/window at %,d trades/window, %,.0f B/window at %,d",
                        smallest.bytesPerWindow(), smallest.tradesPerWindow(), largest.bytesPerWindow(),
                        largest.tradesPerWindow()), met,
                met ? null : "the aggregation state grew with the window: see the state points"));
        if (largest.lateFilterRows() >= 0 && smallest.lateFilterRows() >= 0) {
            boolean none = largest.lateFilterRows() == 0 && smallest.lateFilterRows() == 0;
            targets.add(new BenchReport.Target("state", "no state entry per trade: bounded by markets, not by trades",
                    fmt("late-trade filter: %,d state rows after %,d trades, %,d after %,d; window aggregates: %,d "
                                    + "and %,d rows", smallest.lateFilterRows(),
                            smallest.tradesPerWindow() * smallest.windows(), largest.lateFilterRows(),
                            largest.tradesPerWindow() * largest.windows(), smallest.windows(), largest.windows()),
                    none, none ? null : "the late-trade filter kept state rows: it must pass trades through"));
        }
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
