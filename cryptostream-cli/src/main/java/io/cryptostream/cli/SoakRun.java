package io.cryptostream.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.RejectedTradeJson;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.cryptocompare.CryptoCompareSubscriptions;
import io.cryptostream.servers.LocalServers;
import io.cryptostream.servers.ProcessMemory;
import io.cryptostream.servers.ServerStatus;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import io.cryptostream.simulator.SimulatorStats;
import io.cryptostream.store.CassandraSessions;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.StoreSchema;
import io.cryptostream.store.WindowQueries;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One soak: the simulator (in this JVM, which knows every trade it emitted), ingest and the Spark job (each in a JVM
 * of its own) run against Kafka and Cassandra at a steady trade rate while faults are injected on a schedule; then
 * everything stops cleanly and the stored windows are reconciled with the emitted trades.
 */
final class SoakRun {

    /**
     * @param duration            how long faults are injected at the steady rate
     * @param tradesPerSecond     over all markets together
     * @param faultEvery          time between two faults
     * @param sampleEvery         time between two memory samples
     * @param warmUp              memory growth before this is not judged
     * @param rssTolerancePercent growth after the warm-up still called flat, in percent of the first sample after it
     */
    record Settings(Duration duration, double tradesPerSecond, List<String> watchlist, Duration faultEvery,
                    Duration sampleEvery, Duration warmUp, double rssTolerancePercent, Path outDir) {
    }

    /** Heartbeat interval of the simulator and of ingest: a stalled socket is found stale after two of them. */
    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    static final String KEYSPACE = "soak";
    private static final int MISSED_HEARTBEATS = 2;
    /** The re-sent trades on a resubscribe cover this much of a market's trading: more than the longest outage. */
    private static final Duration REPLAY_COVERS = Duration.ofSeconds(20);
    /** Frames a resubscribe may queue at once, under the simulator's per-client buffer. */
    private static final int MAX_REPLAY_FRAMES = 12_000;
    private static final List<String> SPARK_HEAP = List.of("-Xms256m", "-Xmx1g");
    private static final List<String> INGEST_HEAP = List.of("-Xms64m", "-Xmx512m");
    private static final Duration CHILD_START = Duration.ofMinutes(5);
    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final CryptostreamConfig config;
    private final Settings settings;
    private final PrintStream out;
    private final CountDownLatch stopRequested;
    private final Map<SoakFault, long[]> faultCounts = new EnumMap<>(SoakFault.class);
    private final Map<String, RssSeries> memory = new LinkedHashMap<>();
    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final long createdAt = System.nanoTime();
    private SoakChild.IngestResult ingestCounts;

    SoakRun(CryptostreamConfig config, Settings settings, PrintStream out, CountDownLatch stopRequested) {
        this.config = config;
        this.settings = settings;
        this.out = out;
        this.stopRequested = stopRequested;
        for (SoakFault fault : SoakFault.values()) {
            faultCounts.put(fault, new long[2]);
        }
    }

    SoakReport run() {
        Instant started = Instant.now();
        String stamp = STAMP.format(started);
        Path runDir = settings.outDir().resolve("soak-" + stamp).toAbsolutePath();
        createDirectories(runDir);
        Endpoints endpoints = Endpoints.resolve(config, out);
        CassandraSettings cassandra = endpoints.cassandra().withKeyspace(KEYSPACE);
        String topic = "soak-" + stamp;
        emptyStore(cassandra);
        TradesTopic.ensure(endpoints.kafkaBootstrapServers(), KafkaClientProperties.of(config), TopicLayout.of(config), topic);
        TradesTopic.ensure(endpoints.kafkaBootstrapServers(), KafkaClientProperties.of(config), TopicLayout.of(config),
                RejectedTradeJson.topicOf(topic));
        Path childSettings = writeChildSettings(runDir, endpoints, cassandra, topic);
        List<Market> markets = settings.watchlist().stream().map(CryptoCompareSubscriptions::parseTradeSub).toList();
        double perMarket = settings.tradesPerSecond() / markets.size();
        localServerPids().forEach(pids::put);
        pids.put("soak + simulator", ProcessHandle.current().pid());

        List<Trade> emitted;
        SoakChild.SparkResult spark = null;
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "soak-rss-sampler");
            thread.setDaemon(true);
            return thread;
        });
        long faultPhaseNanos = 0;
        try (SimulatorServer venue = SimulatorServer.start(SimulatorConfig.builder()
                .tradesPerSecond(perMarket)
                .heartbeatInterval(HEARTBEAT)
                .replayOnSubscribe(replayDepth(perMarket, markets.size()))
                .maxSocketsPerKey(8)
                .build());
             SoakChildProcess sparkJvm = SoakChildProcess.start(SoakChild.SPARK, childSettings, runDir, SPARK_HEAP)) {
            say("Spark job and ingest starting (logs in %s)...", runDir);
            pids.put("spark job", sparkJvm.pid());
            try (SoakChildProcess ingestJvm = SoakChildProcess.start(SoakChild.INGEST, childSettings, runDir,
                    INGEST_HEAP, venue.uri().toString())) {
                pids.put("ingest", ingestJvm.pid());
                sparkJvm.await(SoakChild.READY, CHILD_START);
                ingestJvm.await(SoakChild.READY, CHILD_START);
                if (!await(() -> onEveryMarket(venue, markets), Duration.ofSeconds(60))) {
                    throw new IllegalStateException("Ingest did not subscribe to every market of the simulator at "
                            + venue.uri() + " within 60 s; see " + ingestJvm.logFile());
                }
                say("%s trades/s over %d markets into topic %s, Cassandra keyspace %s, for %d s; "
                                + "a fault every %d s. Ctrl-C stops early and still reports.",
                        fmt(settings.tradesPerSecond()), markets.size(), topic, KEYSPACE, settings.duration().toSeconds(),
                        settings.faultEvery().toSeconds());
                long clockStart = System.nanoTime();
                pids.forEach((name, pid) -> memory.put(name, new RssSeries()));
                sampler.scheduleAtFixedRate(() -> sample(clockStart), 0, settings.sampleEvery().toMillis(),
                        TimeUnit.MILLISECONDS);
                injectFaults(venue, markets, List.of(ingestJvm, sparkJvm), clockStart);
                if (problems.isEmpty() && !await(() -> onEveryMarket(venue, markets), Duration.ofSeconds(60))) {
                    problems.add("ingest was not back on every market when the soak ended");
                }
                venue.stopTrading();
                faultPhaseNanos = System.nanoTime() - clockStart;
                say("trading stopped after %d trades; stopping ingest...", venue.stats().tradesEmitted());
                Thread.sleep(SETTLE.toMillis());
                stopIngest(ingestJvm);
            }
            spark = drainSpark(sparkJvm);
            emitted = venue.emittedTrades();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("The soak was interrupted while stopping", e);
        } finally {
            sampler.shutdownNow();
        }
        double minutes = faultPhaseNanos / 60e9;
        say("reading the windows back from Cassandra...");
        List<WindowReconciliation.MarketResult> trades;
        try (CqlSession session = CassandraSessions.open(cassandra)) {
            WindowQueries queries = new WindowQueries(session, cassandra);
            trades = WindowReconciliation.reconcile(emitted, markets, queries::candles);
        }
        SoakReport.Rejects rejects = rejects(endpoints.kafkaBootstrapServers(), topic, spark);
        return report(started, topic, minutes, markets, trades, spark, rejects);
    }

    private void injectFaults(SimulatorServer venue, List<Market> markets, List<SoakChildProcess> children,
                              long clockStart) throws InterruptedException {
        long end = clockStart + settings.duration().toNanos();
        Duration staleAfter = HEARTBEAT.multipliedBy(MISSED_HEARTBEATS);
        int next = 0;
        while (true) {
            long wait = Math.min(settings.faultEvery().toNanos(), end - System.nanoTime());
            if (wait <= 0 || stopRequested.await(wait, TimeUnit.NANOSECONDS) || died(children)) {
                return;
            }
            if (System.nanoTime() >= end) {
                return;
            }
            SoakFault fault = SoakFault.values()[next++ % SoakFault.values().length];
            long acceptedBefore = venue.stats().connectionsAccepted();
            fault.inject(venue, markets);
            faultCounts.get(fault)[0]++;
            boolean survived = fault.breaksConnection()
                    ? await(() -> venue.stats().connectionsAccepted() > acceptedBefore && onEveryMarket(venue, markets),
                    fault.recoveryBudget(staleAfter))
                    : !await(() -> venue.stats().connectionsAccepted() > acceptedBefore, fault.recoveryBudget(staleAfter))
                    && onEveryMarket(venue, markets);
            if (survived) {
                faultCounts.get(fault)[1]++;
            }
            say("%-58s %s", fault.description(), survived ? "survived" : "NOT survived");
        }
    }

    /** A progress line with the time since the soak started. */
    private void say(String format, Object... args) {
        out.printf(Locale.ROOT, "Soak %5.0f s: %s%n", (System.nanoTime() - createdAt) / 1e9, String.format(Locale.ROOT, format, args));
    }

    /** One open connection, subscribed to every market: ingest is back in full. */
    private static boolean onEveryMarket(SimulatorServer venue, List<Market> markets) {
        SimulatorStats stats = venue.stats();
        return stats.connectionsOpen() == 1 && venue.subscribedMarkets().containsAll(markets);
    }

    private boolean died(List<SoakChildProcess> children) {
        boolean any = false;
        for (SoakChildProcess child : children) {
            if (!child.isAlive()) {
                problems.add("the " + child.name() + " JVM died; see its log " + child.logFile());
                any = true;
            }
        }
        return any;
    }

    private void stopIngest(SoakChildProcess ingest) {
        try {
            ingest.send(SoakChild.STOP);
            SoakChild.IngestResult result = ingest.awaitResult(SoakChild.IngestResult.class, Duration.ofMinutes(3));
            say("ingest delivered %d trades (%d re-sent ones dropped), set aside %s, skipped %d malformed frames "
                            + "and %d of unhandled types; %d connections, %d stale", result.trades(), result.duplicates(), result.invalidTradesByReason(), result.malformed(),
                    result.unhandled(), result.connections(), result.staleConnections());
            ingestCounts = result;
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
        }
    }

    private SoakChild.SparkResult drainSpark(SoakChildProcess spark) {
        try {
            say("ingest stopped; letting the Spark job aggregate every delivered trade...");
            spark.send(SoakChild.DRAIN);
            spark.await(SoakChild.DRAINED, Duration.ofMinutes(10));
            spark.send(SoakChild.STOP);
            SoakChild.SparkResult result = spark.awaitResult(SoakChild.SparkResult.class, Duration.ofMinutes(2));
            say("the Spark job read %d records in %d batches, %d late trades dropped, %d records rejected %s",
                    result.inputRecords(), result.batches(), result.lateTradesDropped(), result.rejectedRecords(),
                    result.rejectedByReason());
            return result;
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /**
     * Records set aside: trades by reason from the dead-letter topic when there is one (else the job's count of
     * malformed records), and the frames ingest skipped, which are not trades and so never reach that topic.
     */
    private SoakReport.Rejects rejects(String bootstrapServers, String topic, SoakChild.SparkResult spark) {
        String deadLetterTopic = RejectedTradeJson.topicOf(topic);
        Optional<Map<String, Long>> deadLetters = DeadLetterCounts.byReason(bootstrapServers,
                KafkaClientProperties.of(config), topic);
        Map<String, Long> counted = new LinkedHashMap<>();
        deadLetters.ifPresent(byReason -> byReason.forEach((reason, count) -> counted.put(deadLetterTopic + ": " + reason,
                count)));
        if (ingestCounts != null) {
            counted.put("ingest: malformed frames", ingestCounts.malformed());
            counted.put("ingest: frames of unhandled types", ingestCounts.unhandled());
        }
        if (spark != null) {
            if (deadLetters.isEmpty()) {
                counted.put("Spark job: rejected records", spark.rejectedRecords());
            }
            counted.put("Spark job: late trades dropped", spark.lateTradesDropped());
        }
        return new SoakReport.Rejects(deadLetters.isPresent() ? "dead-letter topic " + deadLetterTopic + " and counters"
                : "counters; no dead-letter topic " + deadLetterTopic, counted);
    }

    private SoakReport report(Instant started, String topic, double minutes, List<Market> markets,
                              List<WindowReconciliation.MarketResult> trades, SoakChild.SparkResult spark,
                              SoakReport.Rejects rejects) {
        List<SoakReport.FaultCount> faults = new ArrayList<>();
        faultCounts.forEach((fault, counts) -> faults.add(new SoakReport.FaultCount(fault.description(), counts[0],
                counts[1])));
        double warmUp = settings.warmUp().toMillis() / 1e3;
        List<SoakReport.Memory> rss = new ArrayList<>();
        memory.forEach((name, series) -> series.summary(warmUp, settings.rssTolerancePercent()).ifPresent(summary ->
                rss.add(new SoakReport.Memory(name, pids.get(name), summary, series.samples().stream()
                        .map(s -> new double[]{Math.round(s.seconds() * 10) / 10.0,
                                Math.round(s.bytes() / 1024.0 / 1024 * 10) / 10.0}).toList()))));
        long emitted = trades.stream().mapToLong(WindowReconciliation.MarketResult::emitted).sum();
        long stored = trades.stream().mapToLong(WindowReconciliation.MarketResult::stored).sum();
        String failure = failure(trades, emitted, stored);
        return new SoakReport(started.toString(), topic, KEYSPACE, minutes, settings.tradesPerSecond(),
                markets.stream().map(Market::key).toList(), settings.faultEvery().toMillis() / 1e3, faults, trades,
                emitted, stored, ingestCounts, spark, rejects, rss, warmUp, settings.rssTolerancePercent(), failure);
    }

    private String failure(List<WindowReconciliation.MarketResult> trades, long emitted, long stored) {
        if (!problems.isEmpty()) {
            return String.join("; ", problems);
        }
        Optional<WindowReconciliation.MarketResult> differing = trades.stream().filter(t -> !t.equal()).findFirst();
        if (differing.isEmpty()) {
            return "";
        }
        long windows = trades.stream().mapToLong(t -> t.differences().size()).sum();
        WindowReconciliation.MarketResult first = differing.get();
        return "Cassandra holds " + stored + " trades where the simulator emitted " + emitted + "; " + windows
                + " window(s) differ, first " + first.market() + " "
                + (first.differences().isEmpty() ? "" : first.differences().get(0));
    }

    private void sample(long origin) {
        double seconds = (System.nanoTime() - origin) / 1e9;
        pids.forEach((name, pid) -> ProcessMemory.rssBytes(pid).ifPresent(bytes -> memory.get(name).add(seconds, bytes)));
    }

    /** Kafka's and Cassandra's pids when they are the local servers of the work dir. */
    private Map<String, Long> localServerPids() {
        Map<String, Long> found = new LinkedHashMap<>();
        if (config.optionalString("kafka.bootstrap-servers").isPresent()
                && config.optionalString("cassandra.contact-point").isPresent()) {
            return found;
        }
        for (ServerStatus status : new LocalServers(Endpoints.serverSettings(config)).status()) {
            if (status.isRunning()) {
                found.put(status.server().displayName(), status.pid().orElseThrow());
            }
        }
        return found;
    }

    /** The soak's keyspace, created if needed and emptied, so its windows are this run's alone. */
    private static void emptyStore(CassandraSettings cassandra) {
        try (CqlSession session = CassandraSessions.open(cassandra)) {
            StoreSchema.ensure(session, cassandra);
            for (String table : List.of(StoreSchema.WINDOWS_TABLE, StoreSchema.CANDLES_TABLE)) {
                session.execute("TRUNCATE " + cassandra.keyspace() + "." + table);
            }
        }
    }

    private Path writeChildSettings(Path runDir, Endpoints endpoints, CassandraSettings cassandra, String topic) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("work-dir", config.workDir().toAbsolutePath().toString());
        values.put("kafka.bootstrap-servers", endpoints.kafkaBootstrapServers());
        values.put("kafka.topic", topic);
        values.put("cassandra.contact-point", cassandra.address());
        values.put("cassandra.datacenter", cassandra.localDatacenter());
        values.put("cassandra.keyspace", cassandra.keyspace());
        values.put("spark.checkpoint-dir", runDir.resolve("checkpoint").toString());
        values.put("watchlist", settings.watchlist());
        values.put("simulator.heartbeat-interval", HEARTBEAT.toMillis() + "ms");
        Map<String, Object> rooted = new LinkedHashMap<>();
        values.forEach((key, value) -> rooted.put("cryptostream." + key, value));
        Path file = runDir.resolve("soak.conf");
        try {
            Files.writeString(file, ConfigFactory.parseMap(rooted).root()
                    .render(ConfigRenderOptions.defaults().setOriginComments(false)), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the soak's settings to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Re-sent trades per market on a resubscribe: {@link #REPLAY_COVERS} of trading, within the client's buffer. */
    static int replayDepth(double tradesPerSecondPerMarket, int markets) {
        return (int) Math.max(1, Math.min(Math.ceil(tradesPerSecondPerMarket * REPLAY_COVERS.toSeconds()),
                MAX_REPLAY_FRAMES / markets));
    }

    private static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the soak's directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
