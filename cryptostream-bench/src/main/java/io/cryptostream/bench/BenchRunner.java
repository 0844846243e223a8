package io.cryptostream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cryptostream.servers.LoopbackPorts;
import io.cryptostream.servers.LocalServers;
import io.cryptostream.servers.ProcessMemory;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.ServerKind;
import io.cryptostream.servers.ServerLifetime;
import io.cryptostream.servers.ServerSettings;
import io.cryptostream.servers.ServerStatus;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.Replication;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code ./cryptostream bench}: measures each pipeline stage on this machine next to the machine's own limit,
 * measured in the same run, and writes {@code bench.json} and {@code bench.png} to the options' output directory.
 *
 * <pre>{@code
 * BenchReport report = new BenchRunner().run(BenchOptions.quick(Path.of("bench-results")), System.out);
 * }</pre>
 *
 * Kafka and Cassandra are started once for the run on free ports in a temporary directory and stopped at the end;
 * the user's own servers ({@code ./var}) are never touched. The simulator, ingest and the Spark driver each run in a
 * child JVM with the CLI's heap ({@code -Xms256m -Xmx1g}), so their CPU and peak resident memory are theirs alone, and
 * so do the JMH decode benchmarks; the parent hosts the plain producer, the frame-counting client and the plain
 * consumer that measure the limits, and the Cassandra poller. {@link BenchOptions#stages()} picks the stages.
 */
public final class BenchRunner {

    private static final int STAGES = 6;
    private static final String SPARK_PART = "3. spark job";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Runs every stage; a stage that fails is reported with its error and the others still run.
     *
     * @param progress where the progress display and the final tables go
     * @throws UncheckedIOException when the output directory cannot be written
     */
    public BenchReport run(BenchOptions options, PrintStream progress) {
        System.setProperty("java.awt.headless", "true");
        Progress display = new Progress(progress, STAGES);
        Instant startedAt = Instant.now();
        String loadBefore = MachineFacts.loadAverage();
        Path workDir = createWorkDir();
        display.line("mode %s, stages %s, work dir %s, load average %s", options.mode(), options.stages(), workDir,
                loadBefore);

        BenchReport.Decode decode = new BenchReport.Decode(List.of(), BenchReport.DECODE_TARGET_TRADES_PER_SECOND,
                BenchReport.DECODE_TARGET_RATIO, BenchReport.NOT_SELECTED);
        if (options.runs(Stage.DECODE)) {
            display.stage(1, "Decode: frames → normalized trades per venue codec, one thread");
            try {
                decode = DecodeStage.run(options, workDir, display);
            } catch (RuntimeException e) {
                decode = new BenchReport.Decode(List.of(), BenchReport.DECODE_TARGET_TRADES_PER_SECOND,
                        BenchReport.DECODE_TARGET_RATIO, describe(e));
                display.line("decode failed: %s", describe(e));
            }
            display.endPart("1. decode");
        }

        StageFigures figures = new StageFigures(options);
        if (EnumSet.complementOf(EnumSet.of(Stage.DECODE)).stream().anyMatch(options::runs)) {
            display.line("starting Kafka and Cassandra on free ports in %s", workDir.resolve("servers"));
            LocalServers servers = new LocalServers(serverSettings(workDir.resolve("servers")));
            try {
                ServerEndpoints endpoints;
                try {
                    endpoints = servers.start();
                } finally {
                    display.endPart("Kafka and Cassandra: start");
                }
                display.line("Kafka at %s, Cassandra at %s", endpoints.kafkaBootstrapServers(),
                        endpoints.cassandraHostPort());
                runServerStages(options, endpoints, pid(servers, ServerKind.KAFKA), pid(servers, ServerKind.CASSANDRA),
                        workDir, display, figures);
                figures.kafkaPeakRss = peakRss(servers, ServerKind.KAFKA);
                figures.cassandraPeakRss = peakRss(servers, ServerKind.CASSANDRA);
            } catch (RuntimeException e) {
                figures.failAll(describe(e));
                display.line("the servers failed: %s", describe(e));
            } finally {
                display.line("stopping Kafka and Cassandra");
                servers.stop();
                display.endPart("Kafka and Cassandra: stop");
            }
        }

        BenchReport.Memory memory = new BenchReport.Memory(figures.ingestPeakRss, figures.ingestSampledRss,
                figures.sparkPeakRss, figures.sparkSampledRss, figures.kafkaPeakRss, figures.cassandraPeakRss,
                ProcessMemory.ownPeakRssBytes(), String.join(" ", options.childHeap()));
        BenchReport.Machine machine = MachineFacts.machine(loadBefore, MachineFacts.loadAverage());
        display.endPart("report");
        BenchReport measured = new BenchReport(startedAt.toString(),
                Duration.between(startedAt, Instant.now()).toMillis() / 1000.0, options.runLimit().toSeconds(),
                display.parts(), options.mode(),
                options.stages().stream().map(Stage::toString).toList(), machine, decode, figures.ingest,
                figures.sparkJob, figures.scaling, figures.freshness, figures.state, memory, figures.levers, List.of());
        BenchReport report = measured.withTargets(Targets.check(measured));
        write(report, options.outDir());
        ReportTables.print(report, progress);
        progress.printf("Figures written to %s and %s (%.0f s in all)%n", options.outDir().resolve("bench.json"),
                options.outDir().resolve("bench.png"), report.seconds());
        if (report.failed()) {
            progress.println("Logs of the servers and child JVMs are kept in " + workDir);
        } else {
            deleteQuietly(workDir);
        }
        return report;
    }

    private void runServerStages(BenchOptions options, ServerEndpoints endpoints, long kafkaPid, long cassandraPid,
                                 Path workDir, Progress display, StageFigures figures) {
        String bootstrap = endpoints.kafkaBootstrapServers();
        CassandraSettings cassandra = new CassandraSettings(endpoints.host(), endpoints.cassandraPort(),
                endpoints.cassandraDatacenter(), SparkStage.MAIN_KEYSPACE, new Replication.SimpleStrategy(1));
        try (KafkaTopics topics = new KafkaTopics(bootstrap)) {
            if (options.runs(Stage.INGEST)) {
                display.stage(2, "Ingest: simulator (own JVM) at full rate → WebSocket → ingest (own JVM) → Kafka "
                        + "(acks=all) vs a plain producer and a frame-counting WebSocket client");
                try {
                    IngestStage.Outcome ingest = IngestStage.run(options, bootstrap, topics, workDir, kafkaPid, display);
                    figures.ingest = ingest.ingest();
                    figures.levers.addAll(ingest.levers());
                    figures.ingestPeakRss = ingest.peakRssBytes();
                    figures.ingestSampledRss = ingest.sampledMaxRssBytes();
                } catch (RuntimeException | InterruptedException e) {
                    figures.ingest = StageFigures.failedIngest(describe(e));
                    display.line("ingest failed: %s", describe(e));
                }
                display.endPart("2. ingest");
            }
            if (options.runs(Stage.SPARK) || options.runs(Stage.FRESHNESS) || options.runs(Stage.STATE)) {
                runSparkStages(options, bootstrap, cassandra, topics, kafkaPid, cassandraPid, workDir, display,
                        figures);
            }
        }
    }

    /** Stages 3 to 5, all served by one Spark driver (stage 5 by one of its own when it needs more heap). */
    private void runSparkStages(BenchOptions options, String bootstrap, CassandraSettings cassandra, KafkaTopics topics,
                                long kafkaPid, long cassandraPid, Path workDir, Progress display,
                                StageFigures figures) {
        display.stage(3, "Spark job: trades preloaded in Kafka → windows in Cassandra vs a plain consumer, per topic "
                + "format, Spark cores and market count");
        boolean stateInJobDriver = options.runs(Stage.STATE) && options.stateHeap().equals(options.childHeap());
        SparkStage.Started spark;
        try {
            spark = SparkStage.start(options, bootstrap, cassandra, topics, workDir, stateInJobDriver, display);
        } catch (RuntimeException e) {
            figures.failSpark(describe(e));
            display.line("the Spark stage failed: %s", describe(e));
            return;
        }
        try (ChildJvm sparkChild = spark.child()) {
            List<BenchReport.Freshness> freshnessRuns = new ArrayList<>();
            List<SparkChild.StreamingRequest> streamingRuns = spark.request().streaming();
            for (int i = 0; i < streamingRuns.size(); i++) {
                SparkChild.StreamingRequest run = streamingRuns.get(i);
                try {
                    Runnable sparkReady = () -> sparkChild.awaitReady(run.name(),
                            Duration.ofSeconds(900 + options.sparkTrades() / 2_000));
                    if (i == 0) {
                        // The first run's simulator and ingest wait for the job's runs of stage 3 to end: they would
                        // take CPU from them. Later runs start theirs while the driver starts its next query.
                        sparkReady.run();
                        sparkReady = () -> { };
                        display.endPart(SPARK_PART);
                        display.stage(4, "Freshness: steady " + options.freshnessRates().stream()
                                .map(rate -> fmt("%,.0f", rate)).reduce((a, b) -> a + ", " + b).orElse("")
                                + " trades/s through the whole pipeline, ingest → row readable in Cassandra");
                    }
                    freshnessRuns.add(FreshnessStage.run(options, sparkChild, sparkReady, run, bootstrap,
                            cassandra.withKeyspace(run.keyspace()), kafkaPid, cassandraPid, workDir, display));
                } catch (RuntimeException | InterruptedException e) {
                    freshnessRuns.add(BenchReport.Freshness.failed(run.tradesPerSecond(), describe(e)));
                    display.line("freshness at %,.0f trades/s failed: %s", run.tradesPerSecond(), describe(e));
                    break;
                }
            }
            if (!streamingRuns.isEmpty()) {
                display.endPart("4. freshness");
            }
            if (options.runs(Stage.STATE)) {
                display.stage(5, "State: bytes per window as trades per window grow, vs keeping every trade");
            }
            SparkStage.Outcome outcome = SparkStage.finish(spark, options, cassandra, display);
            display.endPart(driverPartAfterFreshness(options, streamingRuns.isEmpty(), stateInJobDriver));
            figures.sparkJob = outcome.job();
            figures.levers.addAll(outcome.levers());
            figures.sparkPeakRss = outcome.child().peakRssAfterFirstJobBytes() > 0
                    ? outcome.child().peakRssAfterFirstJobBytes() : outcome.child().peakRssBytes();
            figures.sparkSampledRss = outcome.sampledMaxRssBytes();
            List<SparkChild.StreamingResult> batches = outcome.child().streaming();
            List<BenchReport.Freshness> curve = new ArrayList<>();
            for (int i = 0; i < freshnessRuns.size(); i++) {
                BenchReport.Freshness run = freshnessRuns.get(i);
                if (run.error() == null && i < batches.size()) {
                    SparkChild.StreamingResult b = batches.get(i);
                    run = run.withSparkBatches(b.batches(), b.meanBatchMillis(), b.p99BatchMillis(), b.meanPhaseMillis());
                }
                if (i < options.freshnessRates().size()) {
                    curve.add(run);
                } else if (run.error() == null) {
                    BenchReport.Freshness baseline = curve.stream()
                            .filter(f -> f.targetTradesPerSecond() == BenchReport.FRESHNESS_TARGET_RATE)
                            .findFirst().orElse(curve.get(0));
                    double vs = baseline.p99Millis() / run.p99Millis();
                    figures.levers.add(new BenchReport.Lever("freshness", "shuffle partitions", run.settings()
                            + fmt(" (p50 %,.0f ms, mean batch %,.0f ms)", run.p50Millis(), run.meanBatchMillis()),
                            run.p99Millis(), "ms p99", vs, vs >= 1.1 ? "pays" : "no gain"));
                }
            }
            if (options.runs(Stage.FRESHNESS)) {
                figures.freshness = curve;
            }
            if (options.runs(Stage.STATE) && stateInJobDriver) {
                figures.state = new BenchReport.State(outcome.statePoints(), null);
            } else if (options.runs(Stage.STATE)) {
                figures.state = stateInOwnDriver(options, bootstrap, cassandra, workDir, display);
                display.endPart("5. state");
            }
            if (options.runs(Stage.SPARK)) {
                figures.scaling = new BenchReport.SparkScaling(outcome.points(), outcome.scalingError());
            }
        } catch (RuntimeException e) {
            figures.failSpark(describe(e));
            display.line("the Spark stage failed: %s", describe(e));
        }
    }

    /** What the Spark driver does once the freshness runs are over (or from the start, when there are none). */
    private static String driverPartAfterFreshness(BenchOptions options, boolean noFreshness, boolean stateInJobDriver) {
        List<String> parts = new ArrayList<>();
        if (noFreshness && options.runs(Stage.SPARK)) {
            parts.add(SPARK_PART);
        }
        if (stateInJobDriver) {
            parts.add("5. state");
        }
        if (options.runs(Stage.SPARK) && options.oneCore()) {
            parts.add(SPARK_PART + ", " + SparkChild.ONE_CORE);
        }
        return parts.isEmpty() ? SPARK_PART : String.join(" and ", parts);
    }

    /** Stage 5 in a driver with more heap: keeping every trade of a million-trade window needs room to be measured. */
    private static BenchReport.State stateInOwnDriver(BenchOptions options, String bootstrap, CassandraSettings cassandra,
                                                      Path workDir, Progress display) {
        display.line("state series in its own Spark driver (%s)", String.join(" ", options.stateHeap()));
        SparkChild.Request request = new SparkChild.Request(SparkStage.TWO_CORES, bootstrap, cassandra.host(),
                cassandra.port(),
                workDir.toString(), List.of(), SparkStage.stateRequest(options), List.of(), null);
        try (ChildJvm child = ChildJvm.start("spark-state", "spark", request, workDir, options.stateHeap(), display)) {
            child.awaitReady(SparkChild.SESSION_READY, Duration.ofSeconds(300));
            child.send(SparkChild.BEGIN);
            List<BenchReport.StatePoint> points = SparkStage.statePoints(
                    child.awaitPartialResult(SparkChild.Result.class, Duration.ofMinutes(15)), child, options,
                    options.stateHeap(), display);
            return new BenchReport.State(points, null);
        } catch (RuntimeException e) {
            display.line("state failed: %s", describe(e));
            return new BenchReport.State(List.of(), describe(e));
        }
    }

    private static ServerSettings serverSettings(Path dir) {
        return LoopbackPorts.assignFree(ServerSettings.defaults().withWorkDir(dir).withLifetime(ServerLifetime.DISPOSABLE));
    }

    private static long peakRss(LocalServers servers, ServerKind kind) {
        long pid = pid(servers, kind);
        return pid < 0 ? -1 : ProcessMemory.peakRssBytes(pid).orElse(-1);
    }

    private static long pid(LocalServers servers, ServerKind kind) {
        return servers.status().stream().filter(status -> status.server() == kind)
                .map(ServerStatus::pid).filter(pid -> pid.isPresent())
                .mapToLong(pid -> pid.getAsLong()).findFirst().orElse(-1);
    }

    private static Path createWorkDir() {
        try {
            return Files.createTempDirectory("cryptostream-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary work dir for the bench", e);
        }
    }

    private static void write(BenchReport report, Path outDir) {
        try {
            Files.createDirectories(outDir);
            JSON.writeValue(outDir.resolve("bench.json").toFile(), report);
            ReportChart.write(report, outDir.resolve("bench.png"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the bench results to " + outDir.toAbsolutePath(), e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // What is left in the temporary directory is harmless.
        }
    }

    private static String fmt(String format, Object... args) {
        return String.format(java.util.Locale.ROOT, format, args);
    }

    static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 2_000 ? message.substring(0, 2_000) + "…" : message;
    }

    /**
     * What the server stages produced so far; a failed stage keeps its error and zero figures, a stage left out with
     * {@code --only} says so.
     */
    private static final class StageFigures {
        BenchReport.Ingest ingest;
        BenchReport.SparkJob sparkJob;
        BenchReport.SparkScaling scaling;
        List<BenchReport.Freshness> freshness;
        BenchReport.State state;
        final List<BenchReport.Lever> levers = new ArrayList<>();
        private final BenchOptions options;
        long ingestPeakRss = -1;
        long ingestSampledRss = -1;
        long sparkPeakRss = -1;
        long sparkSampledRss = -1;
        long kafkaPeakRss = -1;
        long cassandraPeakRss = -1;

        StageFigures(BenchOptions options) {
            this.options = options;
            ingest = failedIngest(initial(Stage.INGEST));
            sparkJob = SparkStage.failedSpark(initial(Stage.SPARK));
            scaling = new BenchReport.SparkScaling(List.of(), initial(Stage.SPARK));
            freshness = options.freshnessRates().stream()
                    .map(rate -> BenchReport.Freshness.failed(rate, initial(Stage.FRESHNESS))).toList();
            state = new BenchReport.State(List.of(), initial(Stage.STATE));
        }

        private String initial(Stage stage) {
            return options.runs(stage) ? "not run" : BenchReport.NOT_SELECTED;
        }

        void failAll(String error) {
            if (options.runs(Stage.INGEST) && ingest.error() != null) {
                ingest = failedIngest(error);
            }
            failSpark(error);
        }

        void failSpark(String error) {
            if (options.runs(Stage.SPARK) && sparkJob.error() != null) {
                sparkJob = SparkStage.failedSpark(error);
            }
            if (options.runs(Stage.SPARK) && scaling.error() != null) {
                scaling = new BenchReport.SparkScaling(scaling.points(), error);
            }
            if (options.runs(Stage.FRESHNESS) && freshness.stream().allMatch(f -> f.error() != null)) {
                freshness = options.freshnessRates().stream().map(rate -> BenchReport.Freshness.failed(rate, error))
                        .toList();
            }
            if (options.runs(Stage.STATE) && state.error() != null) {
                state = new BenchReport.State(List.of(), error);
            }
        }

        static BenchReport.Ingest failedIngest(String error) {
            return new BenchReport.Ingest(0, 0, 0, 0, 0, 0, BenchReport.INGEST_TARGET_RATIO, -1, Map.of(), Map.of(),
                    Map.of(), "", error);
        }
    }
}
