package io.cryptostream.ingest;

import com.typesafe.config.ConfigFactory;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.RejectReason;
import io.cryptostream.domain.Trade;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ingest against the CryptoCompare simulator over a real WebSocket. */
class IngestServiceTest {

    private static final String KEY = "sim-key-5d1e";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Market COINBASE = new Market("Coinbase", "BTC", "USD");

    private static ActorSystem system;

    private final List<SimulatorServer> simulators = new ArrayList<>();
    private final List<IngestRun> runs = new ArrayList<>();
    private final List<Trade> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startSystem() {
        system = ActorSystem.create("ingest-test", ConfigFactory.parseString("""
                pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
                """).withFallback(ConfigFactory.load()));
    }

    @AfterAll
    static void stopSystem() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopEverything() {
        runs.forEach(run -> {
            try {
                run.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // A run a test expected to fail has failed already.
            }
        });
        simulators.forEach(SimulatorServer::close);
    }

    private SimulatorServer simulator(SimulatorConfig.Builder config) {
        SimulatorServer server = SimulatorServer.start(config.apiKey(KEY).build(), system);
        simulators.add(server);
        return server;
    }

    private static IngestSettings.Builder settings(SimulatorServer sim) {
        return IngestSettings.builder()
                .url(sim.uri())
                .apiKey(ApiKey.of(KEY))
                .minReconnectDelay(Duration.ofMillis(100))
                .maxReconnectDelay(Duration.ofSeconds(1))
                .rateLimitedWait(Duration.ofSeconds(1))
                .stopGracePeriod(Duration.ofSeconds(5));
    }

    private IngestRun run(IngestSettings settings) {
        IngestRun run = IngestService.run(system, settings, new InProcessTradeSink(received::addAll, 50, Duration.ofMillis(20)));
        runs.add(run);
        return run;
    }

    private static void stop(IngestRun run) throws Exception {
        run.stop().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void deliversExactlyTheTradesTheVenueSent() throws Exception {
        SimulatorServer sim = simulator(SimulatorConfig.builder().tradesPerSecond(50).tradesPerMarket(6));
        IngestRun run = run(settings(sim).build());

        Await.until(WAIT, () -> received.size() == 30, () -> received.size() + " trades; " + run.metrics());
        stop(run);

        List<Trade> emitted = sim.emittedTrades();
        assertThat(emitted).hasSize(30);
        assertThat(TradeFacts.of(received)).containsExactlyInAnyOrderElementsOf(TradeFacts.of(emitted));
        for (Market market : IngestSettings.DEFAULT_MARKETS) {
            assertThat(TradeFacts.of(received.stream().filter(t -> t.market().equals(market)).toList()))
                    .as("trades of %s, in order", market)
                    .containsExactlyElementsOf(TradeFacts.of(sim.emittedTrades(market)));
        }
        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.trades()).isEqualTo(30);
        assertThat(metrics.markets().get(COINBASE)).isEqualTo(new IngestMetricsSnapshot.MarketCounts(6, 6, 0, 0));
        assertThat(metrics.connections()).isEqualTo(1);
        assertThat(metrics.reconnects()).isZero();
        assertThat(metrics.subscriptionsConfirmed()).isEqualTo(5);
        assertThat(metrics.toTable()).contains("Coinbase:BTC-USD", "total", "reconnects");
    }

    @Test
    void reconnectsAfterADroppedConnectionAndDeliversEveryTradeOnce() throws Exception {
        SimulatorServer sim = simulator(SimulatorConfig.builder().tradesPerSecond(10).tradesPerMarket(30));
        IngestRun run = run(settings(sim).build());

        Await.until(WAIT, () -> received.size() >= 25, () -> received.size() + " trades; " + run.metrics());
        assertThat(sim.dropAllConnections()).isEqualTo(1);
        Await.until(WAIT, () -> received.size() >= 150, () -> received.size() + " trades; " + run.metrics());
        stop(run);

        assertThat(TradeFacts.of(received)).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(TradeFacts.of(sim.emittedTrades()));
        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.reconnects()).isEqualTo(1);
        assertThat(metrics.connections()).isEqualTo(2);
        assertThat(metrics.duplicates()).isPositive();
        assertThat(metrics.subscriptionsConfirmed()).isEqualTo(10);
    }

    @Test
    void replacesASocketWhoseHeartbeatsStopped() throws Exception {
        SimulatorServer sim = simulator(SimulatorConfig.builder()
                .heartbeatInterval(Duration.ofMillis(200)).tradesPerSecond(50).tradesPerMarket(3));
        IngestRun run = run(settings(sim).heartbeatInterval(Duration.ofMillis(250)).build());

        Await.until(WAIT, () -> received.size() == 15, () -> received.size() + " trades; " + run.metrics());
        Thread.sleep(600);
        assertThat(run.metrics().staleConnections()).as("stale while heartbeats flow").isZero();
        assertThat(run.metrics().heartbeats()).isPositive();

        sim.stopHeartbeats();
        Await.until(WAIT, () -> run.metrics().staleConnections() >= 1 && run.metrics().connections() >= 2,
                () -> run.metrics().toString());
        sim.resumeHeartbeats();
        stop(run);

        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.reconnects()).isPositive();
        assertThat(TradeFacts.of(received)).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(TradeFacts.of(sim.emittedTrades()));
        assertThat(metrics.duplicates()).as("the replay after the resubscribe").isPositive();
    }

    @Test
    void aRefusedKeyEndsTheRunWithAMessageNamingTheVariable() {
        SimulatorServer sim = simulator(SimulatorConfig.builder());
        String wrongKey = "wrong-key-71c2";
        IngestRun run = run(settings(sim).apiKey(ApiKey.of(wrongKey)).build());

        assertThatThrownBy(() -> run.completion().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(CredentialsRejectedException.class)
                .hasMessageStartingWith("CryptoCompare refused the API key (401 UNAUTHORIZED")
                .hasMessageContaining("CRYPTOCOMPARE_API_KEY")
                .message().doesNotContain(wrongKey);
        assertThat(run.metrics().connectAttempts()).as("no retry with a refused key").isEqualTo(1);
    }

    @Test
    void countsMalformedAndUnknownFramesAndKeepsGoing() {
        SimulatorServer sim = simulator(SimulatorConfig.builder().tradesPerSecond(10));
        IngestRun run = run(settings(sim).build());

        Await.until(WAIT, () -> received.size() >= 5, () -> received.size() + " trades; " + run.metrics());
        sim.sendMalformedFrames(3);
        sim.sendUnknownTypeFrame();
        sim.sendUnknownTypeFrame();
        Await.until(WAIT, () -> run.metrics().malformed() == 3 && run.metrics().unhandled() == 2,
                () -> run.metrics().toString());
        int before = received.size();
        Await.until(WAIT, () -> received.size() >= before + 10, () -> received.size() + " trades");

        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.unhandledByType()).containsEntry("2", 2L);
        assertThat(metrics.markets().get(COINBASE).malformed()).isEqualTo(3);
        assertThat(metrics.reconnects()).isZero();
        assertThat(run.completion().toCompletableFuture()).isNotDone();
    }

    @Test
    void aTradeThatFailsTheTradeCheckIsCountedAndNeverReachesTheSink() throws Exception {
        SimulatorServer sim = simulator(SimulatorConfig.builder().tradesPerSecond(50).tradesPerMarket(2));
        IngestRun run = run(settings(sim).build());
        Await.until(WAIT, () -> received.size() == 10 && sim.subscribedMarkets().contains(COINBASE),
                () -> received.size() + " trades; " + run.metrics());

        long now = System.currentTimeMillis() / 1000;
        sim.publish(COINBASE, tradeFrame("990001", 4070908800L, "1", "64000"));
        sim.publish(COINBASE, tradeFrame("990002", now, "1.5E-18", "64000"));
        sim.publish(COINBASE, tradeFrame("990003", now, "0.5", "64000.0000000000000000001"));
        sim.publish(COINBASE, tradeFrame("990004", now, "0.5", "64000"));
        Await.until(WAIT, () -> received.size() == 11, () -> received.size() + " trades; " + run.metrics());
        stop(run);

        assertThat(received).extracting(Trade::tradeId).contains("990004").doesNotContain("990001", "990002", "990003");
        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.invalidTradesByReason()).isEqualTo(Map.of(RejectReason.EVENT_TIME_AHEAD, 1L,
                RejectReason.QUANTITY_OUT_OF_RANGE, 1L, RejectReason.TOO_MANY_FRACTION_DIGITS, 1L));
        assertThat(metrics.trades()).isEqualTo(11);
        assertThat(metrics.toTable()).contains("invalid trades set aside {QUANTITY_OUT_OF_RANGE=1");
    }

    /** A CryptoCompare trade frame; numbers as strings, so every digit reaches the codec. */
    private static String tradeFrame(String id, long epochSecond, String quantity, String price) {
        return "{\"TYPE\":\"0\",\"M\":\"Coinbase\",\"FSYM\":\"BTC\",\"TSYM\":\"USD\",\"F\":\"1\",\"ID\":\"" + id
                + "\",\"TS\":" + epochSecond + ",\"Q\":\"" + quantity + "\",\"P\":\"" + price + "\"}";
    }

    @Test
    void reconnectsWhenTheVenueForcesADisconnect() throws Exception {
        SimulatorServer sim = simulator(SimulatorConfig.builder().tradesPerSecond(10));
        IngestRun run = run(settings(sim).build());

        Await.until(WAIT, () -> received.size() >= 5, () -> run.metrics().toString());
        sim.forceDisconnectAll();
        Await.until(WAIT, () -> run.metrics().connections() == 2 && run.metrics().subscriptionsConfirmed() == 10,
                () -> run.metrics().toString());
        stop(run);

        assertThat(run.metrics().rejectedByReason()).containsEntry("500 FORCE_DISCONNECT", 1L);
        assertThat(run.metrics().reconnects()).isEqualTo(1);
        assertThat(TradeFacts.of(received)).doesNotHaveDuplicates();
    }

    @Test
    void stopsCleanlyUnsubscribingAndFlushingTheSink() throws Exception {
        SimulatorServer sim = simulator(SimulatorConfig.builder().tradesPerSecond(20));
        IngestRun run = run(settings(sim).build());
        Await.until(WAIT, () -> received.size() >= 10 && sim.stats().subscriptionsActive() == 5,
                () -> received.size() + " trades; " + sim.stats());

        long start = System.nanoTime();
        stop(run);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.unsubscriptionsConfirmed()).as("SubRemove acknowledged per market").isEqualTo(5);
        assertThat(took).as("no grace period ran out").isLessThan(Duration.ofSeconds(5));
        Await.until(WAIT, () -> sim.stats().connectionsOpen() == 0, () -> sim.stats().toString());
        assertThat(sim.stats().subscriptionsActive()).isZero();
        assertThat((long) received.size()).as("every accepted trade delivered").isEqualTo(metrics.trades());
        assertThat(TradeFacts.of(sim.emittedTrades())).containsAll(TradeFacts.of(received));
    }

    @Test
    void stopsByItselfAfterTheConfiguredTime() throws Exception {
        SimulatorServer sim = simulator(SimulatorConfig.builder().tradesPerSecond(20));
        IngestRun run = run(settings(sim).runFor(Duration.ofSeconds(1)).build());

        run.completion().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(run.metrics().unsubscriptionsConfirmed()).isEqualTo(5);
        assertThat((long) received.size()).isEqualTo(run.metrics().trades()).isPositive();
    }

    @Test
    void waitsAfterTooManySocketsAndStopsDuringTheWait() throws Exception {
        SimulatorServer sim = simulator(SimulatorConfig.builder().maxSocketsPerKey(1));
        IngestRun first = run(settings(sim).build());
        Await.until(WAIT, () -> first.metrics().connections() == 1, () -> first.metrics().toString());

        IngestRun second = run(settings(sim).rateLimitedWait(Duration.ofSeconds(30)).build());
        Await.until(WAIT, () -> second.metrics().rejectedByReason().containsKey("429 TOO_MANY_SOCKETS_MAX_1_PER_CLIENT"),
                () -> second.metrics().toString());
        Thread.sleep(500);
        assertThat(second.metrics().connectAttempts()).as("no attempt during the hold-off").isEqualTo(1);

        long start = System.nanoTime();
        stop(second);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(first.completion().toCompletableFuture()).isNotDone();
    }
}
