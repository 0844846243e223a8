package io.cryptostream.bench;

import io.cryptostream.domain.Market;
import io.cryptostream.ingest.IngestSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 2: the simulator at full rate → WebSocket → ingest → Kafka with {@code acks=all}, against the machine's limit
 * measured in the same run: the lower of a plain kafka-clients producer sending the same records with the same
 * settings, and a WebSocket client that only counts the same simulator's frames.
 *
 * <p>The simulator, ingest and the bench (the plain producer, the counting client) are three processes, so the CPU
 * each spends is measured apart. "Full rate" is as fast as the client takes frames: the simulator's live trades would
 * overrun a slow client and get it dropped, so it publishes pre-rendered CryptoCompare trade frames with its
 * backpressured {@link io.cryptostream.simulator.SimulatorServer#publish}, rendered before the clock starts.
 */
final class IngestStage {

    private static final long WARMUP_TRADES = 20_000;
    /** The plain producer warms up on more records: it is fast, and its first run otherwise measures the JIT. */
    private static final long RAW_WARMUP_RECORDS = 200_000;
    /** An unmeasured first run: the JIT compiles the producer and ingest paths before any variant is timed. */
    private static final String WARMUP = "warm-up";
    private static final String DEFAULTS = "ingest defaults";
    private static final String DEFAULTS_AGAIN = "ingest defaults, again";
    private static final String METRICS_SERVED = "ingest defaults, metrics served and scraped every second";
    private static final String METRICS_SERVED_AGAIN = METRICS_SERVED + ", again";
    private static final long PER_WINDOW = 10_000;

    /** The stage's figures, its levers and the ingest JVM's memory. */
    record Outcome(BenchReport.Ingest ingest, List<BenchReport.Lever> levers, long peakRssBytes, long sampledMaxRssBytes) {
    }

    private IngestStage() {
    }

    /**
     * @param kafkaPid the broker's process, whose CPU time per trade is part of the figures
     */
    static Outcome run(BenchOptions options, String bootstrapServers, KafkaTopics topics, Path workDir, long kafkaPid,
                       Progress progress) throws InterruptedException {
        List<Market> markets = IngestSettings.DEFAULT_MARKETS;
        long count = options.ingestTrades();
        // The trades end by now: ingest's trade check sets aside trades whose event time is ahead of their receipt.
        long minutes = count / (PER_WINDOW * markets.size()) + 1;
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(minutes));
        SyntheticTrades trades = new SyntheticTrades(markets, start, Duration.ofMinutes(1), PER_WINDOW);
        List<BenchReport.Lever> levers = new ArrayList<>();
        long self = ProcessHandle.current().pid();

        List<ProducerVariant> producerVariants = new ArrayList<>(List.of(ProducerVariant.ingestDefaults()));
        if (options.levers() && options.allLevers()) {
            producerVariants.add(new ProducerVariant("linger 5 ms", 5, 64 * 1024, "none", false));
            producerVariants.add(new ProducerVariant("batch 256 KiB", 20, 256 * 1024, "none", false));
            producerVariants.add(new ProducerVariant("batch 256 KiB + zstd", 20, 256 * 1024, "zstd", false));
        }
        if (options.levers()) {
            producerVariants.add(new ProducerVariant("batch 256 KiB + lz4", 20, 256 * 1024, "lz4", false));
            producerVariants.add(new ProducerVariant("binary values (compact codec)", 20, 64 * 1024, "none", true));
        }
        long warmup = Math.min(count, WARMUP_TRADES);
        topics.create("bench-raw-warmup");
        RawProducer.produce(bootstrapServers, "bench-raw-warmup", Math.min(count, RAW_WARMUP_RECORDS),
                producerVariants.get(0), trades::trade, null);
        ProcessCpu.Meter rawCpu = new ProcessCpu.Meter(self, kafkaPid);
        RawProducer.Run baseline = rawRun(bootstrapServers, topics, 0, producerVariants.get(0), count, trades, progress);
        double[] rawMicros = rawCpu.microsPerItem(count);
        Double[] variantRates = new Double[producerVariants.size()];
        for (int i = 1; i < producerVariants.size(); i++) {
            ProducerVariant variant = producerVariants.get(i);
            try {
                variantRates[i] = rawRun(bootstrapServers, topics, i, variant, count, trades, progress).recordsPerSecond();
            } catch (RuntimeException e) {
                progress.line("plain producer, %s failed: %s", variant.describe(), e.getMessage());
                levers.add(new BenchReport.Lever("ingest", leverOf(variant), "plain producer, " + variant.describe(), 0,
                        "trades/s", 0, "failed: " + e.getMessage()));
            }
        }
        double rawRate = baseline.recordsPerSecond();
        if (options.levers()) {
            // The baseline runs first and last; the better run is the warm one, and the spread shows the noise.
            RawProducer.Run again = rawRun(bootstrapServers, topics, producerVariants.size(), producerVariants.get(0),
                    count, trades, progress);
            rawRate = Math.max(baseline.recordsPerSecond(), again.recordsPerSecond());
            levers.add(lever("none (run-to-run spread)", "plain producer, ingest defaults, first vs last run",
                    again.recordsPerSecond(), baseline.recordsPerSecond()));
        }
        ProducerVariant bestProducer = producerVariants.get(0);
        double best = rawRate;
        for (int i = 1; i < producerVariants.size(); i++) {
            ProducerVariant variant = producerVariants.get(i);
            if (variantRates[i] == null) {
                continue;
            }
            levers.add(lever(leverOf(variant), "plain producer, " + variant.describe(), variantRates[i], rawRate));
            if (!variant.binary() && variantRates[i] > best * 1.1) {
                best = variantRates[i];
                bestProducer = variant;
            }
        }

        ProducerVariant defaults = ProducerVariant.ingestDefaults();
        List<IngestChild.Variant> variants = new ArrayList<>();
        variants.add(new IngestChild.Variant(WARMUP, "bench-ingest-warmup", 10_000, defaults, false));
        variants.add(new IngestChild.Variant(DEFAULTS, "bench-ingest-0", 10_000, defaults, false));
        if (options.metricsCost()) {
            variants.add(new IngestChild.Variant(METRICS_SERVED, "bench-ingest-metrics-0", 10_000, defaults, true));
        }
        if (bestProducer != producerVariants.get(0)) {
            variants.add(new IngestChild.Variant("ingest + " + bestProducer.name(), "bench-ingest-1", 10_000, bestProducer,
                    false));
        }
        if (options.levers()) {
            variants.add(new IngestChild.Variant("Pekko buffer 1,000", "bench-ingest-2", 1_000, defaults, false));
        }
        if (options.levers() && options.allLevers()) {
            variants.add(new IngestChild.Variant("Pekko buffer 100,000", "bench-ingest-3", 100_000, defaults, false));
        }
        // With and without meters, each twice and interleaved: the spread between a setting's two runs is the noise
        // the difference between the settings is read against.
        if (options.metricsCost() || options.levers() && options.allLevers()) {
            variants.add(new IngestChild.Variant(DEFAULTS_AGAIN, "bench-ingest-4", 10_000, defaults, false));
        }
        if (options.metricsCost()) {
            variants.add(new IngestChild.Variant(METRICS_SERVED_AGAIN, "bench-ingest-metrics-1", 10_000, defaults,
                    true));
        }
        variants.forEach(variant -> topics.create(variant.topic()));

        // The simulator's runs, in order: the counting client's warm-up and measured run, then one per ingest variant.
        List<Long> simulatorRuns = new ArrayList<>(List.of(warmup, count));
        variants.forEach(variant -> simulatorRuns.add(variant.name().equals(WARMUP) ? warmup : count));
        SimulatorChild.Request frames = SimulatorChild.Request.frames(markets, start, PER_WINDOW, simulatorRuns);

        List<Double> rates = new ArrayList<>();
        double[] ingestMicros = {-1, -1, -1, -1};
        double[] clientMicros;
        FrameCountingClient.Run client;
        IngestChild.Result memory;
        long sampled;
        try (ChildJvm simulator = ChildJvm.start("simulator", "simulator", frames, workDir, options.childHeap(),
                progress)) {
            simulator.awaitReady(SimulatorChild.LISTENING, Duration.ofSeconds(90));
            Duration clientTimeout = Duration.ofSeconds(60 + count / 2_000);
            countFrames(frames, simulator, 0, warmup, clientTimeout);
            ProcessCpu.Meter clientCpu = new ProcessCpu.Meter(simulator.pid(), self);
            client = countFrames(frames, simulator, 1, count, clientTimeout);
            clientMicros = clientCpu.microsPerItem(count);
            progress.line("WebSocket client counting the simulator's frames: %,.0f frames/s", client.framesPerSecond());
            try (ChildJvm child = ChildJvm.start("ingest", "ingest", new IngestChild.Request(frames.uri().toString(),
                    markets, bootstrapServers, variants), workDir, options.childHeap(), progress)) {
                for (int v = 0; v < variants.size(); v++) {
                    IngestChild.Variant variant = variants.get(v);
                    boolean measured = !variant.name().equals(WARMUP);
                    long runTrades = measured ? count : warmup;
                    child.awaitReady(variant.name(), Duration.ofSeconds(90));
                    TopicProgress delivered = new TopicProgress(topics, variant.topic(), runTrades);
                    ProcessCpu.Meter cpu = new ProcessCpu.Meter(child.pid(), simulator.pid(), kafkaPid, self);
                    delivered.start();
                    simulator.send("next");
                    double rate = delivered.sustainedRate(Duration.ofSeconds(120 + runTrades / 2_000));
                    simulator.awaitReady(SimulatorChild.PUBLISHED + (v + 2), Duration.ofSeconds(60));
                    if (measured && rates.isEmpty()) {
                        ingestMicros = cpu.microsPerItem(runTrades);
                    }
                    if (measured) {
                        rates.add(rate);
                        progress.line("%s: %,.0f trades/s into Kafka (%.2f of the plain producer, %.2f of the "
                                + "counting client)", variant.name(), rate, rate / rawRate, rate / client.framesPerSecond());
                    }
                    child.send("next");
                }
                memory = child.awaitResult(IngestChild.Result.class, Duration.ofSeconds(120));
                sampled = child.maxSampledRssBytes();
            }
            simulator.send("stop");
            SimulatorChild.Result published = simulator.awaitResult(SimulatorChild.Result.class, Duration.ofSeconds(60));
            for (int run = 0; run < published.lostAfter().size(); run++) {
                if (published.lostAfter().get(run) >= 0) {
                    throw new IllegalStateException("The simulator lost its client in run " + run + " after "
                            + published.lostAfter().get(run) + " frames (see " + workDir.resolve("ingest.log") + ")");
                }
            }
        }
        List<IngestChild.Variant> measured = variants.subList(1, variants.size());
        Map<String, Double> rateOf = new LinkedHashMap<>();
        for (int i = 0; i < measured.size(); i++) {
            rateOf.put(measured.get(i).name(), rates.get(i));
        }
        for (Map.Entry<String, Double> run : rateOf.entrySet()) {
            String name = run.getKey();
            if (name.equals(DEFAULTS) || name.startsWith(METRICS_SERVED)) {
                continue;
            }
            levers.add(lever(name.startsWith("Pekko") ? "Pekko buffer size" : name.equals(DEFAULTS_AGAIN)
                    ? "none (run-to-run spread)" : "producer batching/compression", "ingest, " + name, run.getValue(),
                    rateOf.get(DEFAULTS)));
        }
        // The defaults may run twice: the better run is the warm one, as the plain producer's is.
        double ingestRate = Math.max(rateOf.get(DEFAULTS), rateOf.getOrDefault(DEFAULTS_AGAIN, 0.0));
        double metricsServedRate = Math.max(rateOf.getOrDefault(METRICS_SERVED, -1.0),
                rateOf.getOrDefault(METRICS_SERVED_AGAIN, -1.0));
        double limit = Math.min(rawRate, client.framesPerSecond());
        Map<String, Double> ingestCpu = new LinkedHashMap<>();
        ingestCpu.put("ingest JVM", ingestMicros[0]);
        ingestCpu.put("simulator JVM", ingestMicros[1]);
        ingestCpu.put("Kafka broker", ingestMicros[2]);
        ingestCpu.put("bench JVM", ingestMicros[3]);
        Map<String, Double> rawCpuByProcess = new LinkedHashMap<>();
        rawCpuByProcess.put("plain producer (bench JVM)", rawMicros[0]);
        rawCpuByProcess.put("Kafka broker", rawMicros[1]);
        Map<String, Double> clientCpuByProcess = new LinkedHashMap<>();
        clientCpuByProcess.put("simulator JVM", clientMicros[0]);
        clientCpuByProcess.put("counting client (bench JVM)", clientMicros[1]);
        progress.line("CPU per trade: ingest %.1f µs, simulator %.1f µs, broker %.1f µs; plain producer %.1f µs, "
                + "broker %.1f µs; counting client %.1f µs, simulator %.1f µs", ingestMicros[0], ingestMicros[1],
                ingestMicros[2], rawMicros[0], rawMicros[1], clientMicros[1], clientMicros[0]);
        BenchReport.Ingest ingest = new BenchReport.Ingest(count, ingestRate, rawRate, client.framesPerSecond(), limit,
                ingestRate / limit, BenchReport.INGEST_TARGET_RATIO, metricsServedRate, ingestCpu, rawCpuByProcess,
                clientCpuByProcess,
                "CryptoCompare frames, " + markets.size() + " markets, buffer 10,000, "
                + ProducerVariant.ingestDefaults().describe() + ", idempotent, acks=all", null);
        return new Outcome(ingest, levers, memory.peakRssAfterFirstMeasuredRunBytes(), sampled);
    }

    /** One run of the counting client against the simulator child's run {@code run}. */
    private static FrameCountingClient.Run countFrames(SimulatorChild.Request frames, ChildJvm simulator, int run,
                                                       long count, Duration timeout) throws InterruptedException {
        FrameCountingClient.Counting counting = FrameCountingClient.subscribe(frames.uri(), frames.markets(), count);
        simulator.send("next");
        FrameCountingClient.Run result = counting.await(timeout);
        simulator.awaitReady(SimulatorChild.PUBLISHED + run, Duration.ofSeconds(60));
        return result;
    }

    private static RawProducer.Run rawRun(String bootstrapServers, KafkaTopics topics, int index, ProducerVariant variant,
                                          long count, SyntheticTrades trades, Progress progress) {
        String topic = "bench-raw-" + index;
        topics.create(topic);
        RawProducer.Run run = RawProducer.produce(bootstrapServers, topic, count, variant, trades::trade, null);
        progress.line("plain producer, %s: %,.0f records/s, %.0f B/value", variant.describe(), run.recordsPerSecond(),
                run.valueBytes() / (double) run.records());
        return run;
    }

    private static String leverOf(ProducerVariant variant) {
        return variant.binary() ? "topic encoding" : "producer batching/compression";
    }

    static BenchReport.Lever lever(String lever, String variant, double value, double baseline) {
        double ratio = value / baseline;
        String verdict = lever.startsWith("none") ? "noise, not a lever" : ratio >= 1.1 ? "pays" : "no gain";
        return new BenchReport.Lever("ingest", lever, variant, value, "trades/s", ratio, verdict);
    }

    /**
     * Samples how many records a topic holds while a run delivers, so the rate is taken after the first
     * {@link RawProducer#RAMP_SHARE} of the trades, like the plain producer's.
     */
    private static final class TopicProgress extends Thread {
        private final KafkaTopics topics;
        private final String topic;
        private final long expected;
        private final long startNanos = System.nanoTime();
        private volatile long rampNanos;
        private volatile long rampRecords;
        private volatile long doneNanos;
        private volatile RuntimeException failure;

        TopicProgress(KafkaTopics topics, String topic, long expected) {
            super("bench-topic-progress-" + topic);
            setDaemon(true);
            this.topics = topics;
            this.topic = topic;
            this.expected = expected;
        }

        @Override
        public void run() {
            long ramp = Math.max(1, (long) (expected * RawProducer.RAMP_SHARE));
            try {
                while (true) {
                    long now = System.nanoTime();
                    long records = topics.records(topic);
                    if (rampNanos == 0 && records >= ramp) {
                        rampNanos = now;
                        rampRecords = records;
                    }
                    if (records >= expected) {
                        doneNanos = now;
                        return;
                    }
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        double sustainedRate(Duration timeout) throws InterruptedException {
            join(timeout.toMillis());
            if (failure != null) {
                throw failure;
            }
            if (doneNanos == 0) {
                interrupt();
                throw new IllegalStateException("Topic " + topic + " did not receive " + expected + " records within "
                        + timeout.toSeconds() + " s");
            }
            return doneNanos == rampNanos ? expected / ((doneNanos - startNanos) / 1e9)
                    : (expected - rampRecords) / ((doneNanos - rampNanos) / 1e9);
        }
    }
}
