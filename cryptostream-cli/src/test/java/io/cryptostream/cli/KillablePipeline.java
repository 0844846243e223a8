package io.cryptostream.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.cryptocompare.CryptoCompareSubscriptions;
import io.cryptostream.servers.KafkaTopics;
import io.cryptostream.servers.JavaProcess;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.ServerKind;
import io.cryptostream.servers.TestServers;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import io.cryptostream.spark.ReferenceAggregation;
import io.cryptostream.store.Candle;
import io.cryptostream.spark.SparkJvmFlags;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.Replication;
import io.cryptostream.store.StoreSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole pipeline with parts that a fault test kills and restarts: the simulated venue (in this JVM, never
 * killed) → ingest (a child JVM) → Kafka → the Spark job ({@code cryptostream aggregate}, a child JVM) → Cassandra.
 * Kafka and Cassandra are the fault suite's own servers ({@link #servers()}), never {@link TestServers#shared()},
 * which other tests rely on staying up; each pipeline has its own topic, keyspace and checkpoint.
 *
 * <p>The venue sends each market's whole history to every new subscriber, so a trade emitted while ingest is down
 * still reaches it, and every trade ingest had already published reaches it again: the rows must still count each
 * trade exactly once. {@link #assertCassandraHoldsExactlyTheVenueTrades()} compares every row with
 * {@link ReferenceAggregation} over the trades the venue emitted.
 */
final class KillablePipeline implements AutoCloseable {

    static final List<Market> MARKETS = List.of(new Market("Coinbase", "BTC", "USD"),
            new Market("Coinbase", "ETH", "USD"), new Market("Binance", "BTC", "USDT"));
    /** The venue's heartbeats; generous, so a loaded machine's pauses do not read as a stale socket. */
    static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(3);
    private static final String API_KEY = "fault-suite-key";
    private static final Duration TRADES_ARRIVE_WITHIN = Duration.ofMinutes(3);

    private static TestServers servers;

    private final String name;
    private final int tradesPerMarket;
    private final Path work;
    private final String topic;
    private final String keyspace;
    private final SimulatorServer venue;
    private final CqlSession session;
    private final List<JavaProcess> children = new ArrayList<>();
    /** The children that should be running: a test killed none of them. */
    private final List<JavaProcess> running = new ArrayList<>();
    private Optional<JavaProcess> ingest = Optional.empty();
    private Optional<JavaProcess> job = Optional.empty();
    private int ingestStarts;
    private int jobStarts;
    private int faultsInjected;

    /** The fault suite's Kafka broker and Cassandra node, started by the first pipeline of this JVM. */
    static synchronized TestServers servers() {
        if (servers == null) {
            servers = TestServers.dedicated();
        }
        return servers;
    }

    private KillablePipeline(String name, int tradesPerMarket, double tradesPerSecond) {
        this.name = name;
        this.tradesPerMarket = tradesPerMarket;
        String unique = name + "_" + Long.toHexString(System.nanoTime());
        this.topic = "faults-" + unique;
        this.keyspace = unique.replace('-', '_');
        try {
            this.work = Files.createDirectories(Path.of("target", "faults", unique).toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerEndpoints endpoints = servers().endpoints();
        StoreSchema.ensure(new CassandraSettings(endpoints.host(), endpoints.cassandraPort(),
                endpoints.cassandraDatacenter(), keyspace, new Replication.SimpleStrategy(1)));
        TradesTopic.ensure(endpoints.kafkaBootstrapServers(), Map.of(), TopicLayout.BROKER_DEFAULTS, topic);
        this.session = CassandraRows.session(endpoints);
        this.venue = SimulatorServer.start(SimulatorConfig.builder().apiKey(API_KEY)
                .tradesPerSecond(tradesPerSecond).tradesPerMarket(tradesPerMarket)
                .replayOnSubscribe(tradesPerMarket).maxSocketsPerKey(2)
                .heartbeatInterval(HEARTBEAT_INTERVAL).build());
    }

    /**
     * A pipeline named {@code name} whose venue emits {@code tradesPerMarket} trades in each of {@link #MARKETS}
     * at {@code tradesPerSecond} each, from the first subscription on. Nothing runs until {@link #startJob()} and
     * {@link #startIngest()}.
     */
    static KillablePipeline create(String name, int tradesPerMarket, double tradesPerSecond) {
        return new KillablePipeline(name, tradesPerMarket, tradesPerSecond);
    }

    int totalTrades() {
        return tradesPerMarket * MARKETS.size();
    }

    void startIngest() {
        ingest.filter(JavaProcess::isAlive).ifPresent(alive -> {
            throw new IllegalStateException("ingest already runs: " + alive.describe());
        });
        String subscriptions = MARKETS.stream().map(CryptoCompareSubscriptions::tradeSub).collect(Collectors.joining(","));
        ingest = Optional.of(launch("ingest-" + ++ingestStarts, "-Xmx256m", IngestProcess.class,
                List.of(venue.uri().toString(), bootstrapServers(), topic, subscriptions, work.resolve("spool").toString()),
                Map.of("CRYPTOCOMPARE_API_KEY", API_KEY)));
    }

    void killIngest() {
        kill(ingest.orElseThrow());
    }

    /** {@code cryptostream aggregate} on this pipeline's topic, keyspace and checkpoint, small fast micro-batches. */
    void startJob() {
        job.filter(JavaProcess::isAlive).ifPresent(alive -> {
            throw new IllegalStateException("the job already runs: " + alive.describe());
        });
        ServerEndpoints endpoints = servers().endpoints();
        job = Optional.of(launch("job-" + ++jobStarts, "-Xmx768m", CryptostreamCommand.class,
                List.of("aggregate", "--config", jobConfig().toString(), "--kafkabroker", bootstrapServers(), "--kafkatopic", topic,
                        "--cassandraurl", endpoints.cassandraHostPort(), "--keyspace", keyspace,
                        "--checkpoint", work.resolve("checkpoint").toString(), "--trigger", "500ms",
                        "--max-offsets-per-trigger", "100"),
                Map.of()));
    }

    /** Waits until the job has started its query (Spark is up and reading the topic). */
    void awaitJobReading() {
        JavaProcess started = job.orElseThrow();
        await("the job reading the topic").atMost(TRADES_ARRIVE_WITHIN)
                .failFast("the job ended", () -> assertThat(started.isAlive()).as(started::describe).isTrue())
                .until(() -> started.logged("Spark job reading topic"));
    }

    /**
     * Two shuffle partitions: half the state-store work per micro-batch of the default, for a 2-core machine. Write
     * retries through a Cassandra outage wait at most 2 s apart (the default doubles up to 30 s), so the job writes
     * again soon after Cassandra is back rather than up to 30 s later; the retries still double from 1 s.
     */
    private Path jobConfig() {
        Path file = work.resolve("job.conf");
        try {
            return Files.writeString(file, """
                    cryptostream.spark.shuffle-partitions = 2
                    cryptostream.cassandra.outage-backoff.max-delay = 2s
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void killJob() {
        kill(job.orElseThrow());
    }

    private void kill(JavaProcess child) {
        child.kill();
        running.remove(child);
        faultsInjected++;
    }

    void killServer(ServerKind server) {
        servers().kill(server);
        faultsInjected++;
    }

    void restartServers() {
        servers().restart();
    }

    /** Records in the trades topic, the venue's re-sent trades included. */
    long recordsInTopic() {
        return new KafkaTopics(bootstrapServers()).count(topic);
    }

    /** Trades the venue has emitted so far. */
    int emitted() {
        return venue.emittedTrades().size();
    }

    void awaitEmitted(int trades) {
        await("the venue emitting " + trades + " trades").atMost(TRADES_ARRIVE_WITHIN).until(() -> emitted() >= trades);
    }

    /** The trades counted in the candles of this pipeline's keyspace. */
    long tradesInCassandra() {
        return CassandraRows.candles(session, keyspace).stream().mapToLong(Candle::trades).sum();
    }

    /** Waits until the candles count at least {@code trades} trades; fails at once, with its log, if the job ended. */
    void awaitTradesInCassandra(long trades) {
        await("Cassandra counting " + trades + " trades of " + name).atMost(TRADES_ARRIVE_WITHIN)
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .failFast("a part of the pipeline ended", () -> assertThat(running).as(this::describe).allMatch(JavaProcess::isAlive))
                .until(() -> tradesInCassandra() >= trades);
    }

    /**
     * Every window row and candle equals the independent computation over the trades the venue emitted: nothing
     * lost, nothing counted twice. Waits first until the candles count every one of them.
     */
    void assertCassandraHoldsExactlyTheVenueTrades() {
        awaitEmitted(totalTrades());
        List<Trade> emitted = venue.emittedTrades();
        assertThat(emitted).as("trades the venue emitted").hasSize(totalTrades());
        awaitTradesInCassandra(emitted.size());
        long counted = tradesInCassandra();
        // One line per fault for docs/reliability.md.
        System.out.printf("Fault suite: %s: %d fault(s) injected; %d trades emitted, %d counted in Cassandra "
                        + "(%d lost, %d counted twice); %d records in the topic%n", name, faultsInjected, emitted.size(),
                counted, Math.max(0, emitted.size() - counted), Math.max(0, counted - emitted.size()), recordsInTopic());
        assertThat(counted).as("trades counted in Cassandra; %s", describe()).isEqualTo(emitted.size());
        assertThat(CassandraRows.windows(session, keyspace)).as("window rows")
                .containsExactlyInAnyOrderElementsOf(ReferenceAggregation.ofOneBatch(emitted).directionWindows());
        assertThat(CassandraRows.candles(session, keyspace)).as("candles")
                .containsExactlyInAnyOrderElementsOf(ReferenceAggregation.ofOneBatch(emitted).candles());
    }

    String describe() {
        return children.stream().map(JavaProcess::describe).collect(Collectors.joining("\n\n"));
    }

    private String bootstrapServers() {
        return servers().endpoints().kafkaBootstrapServers();
    }

    private JavaProcess launch(String part, String heap, Class<?> mainClass, List<String> args, Map<String, String> env) {
        JavaProcess child = JavaProcess.of(name + " " + part, mainClass)
                .jvmOptions(List.of(heap))
                .jvmOptions(SparkJvmFlags.list())
                .arguments(args)
                .environment(env)
                .log(work.resolve(part + ".log"))
                .outputToLog()
                .start();
        children.add(child);
        running.add(child);
        return child;
    }

    /** Kills whatever still runs and brings back any server a failed test left down. */
    @Override
    public void close() {
        children.stream().filter(JavaProcess::isAlive).forEach(JavaProcess::kill);
        venue.close();
        session.close();
        servers().restart();
    }
}
