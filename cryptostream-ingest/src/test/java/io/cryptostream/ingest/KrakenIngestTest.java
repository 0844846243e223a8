package io.cryptostream.ingest;

import com.typesafe.config.ConfigFactory;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.kraken.KrakenSymbols;
import io.cryptostream.simulator.KrakenProtocol;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Ingest with the Kraken protocol against the Kraken v2 simulator over a real WebSocket. */
class KrakenIngestTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Market BTC_USD = KrakenSymbols.market("BTC/USD");
    private static final List<Market> MARKETS = List.of(BTC_USD, KrakenSymbols.market("XBT/EUR"), KrakenSymbols.market("XDG/USD"));

    private static ActorSystem system;

    private final List<SimulatorServer> simulators = new ArrayList<>();
    private final List<IngestRun> runs = new ArrayList<>();
    private final List<Trade> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startSystem() {
        system = ActorSystem.create("kraken-ingest-test", ConfigFactory.parseString("""
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
                // A run that already ended has nothing to stop.
            }
        });
        simulators.forEach(SimulatorServer::close);
    }

    private SimulatorServer simulator(SimulatorConfig.Builder config) {
        SimulatorServer server = SimulatorServer.start(config.protocol(new KrakenProtocol()).build(), system);
        simulators.add(server);
        return server;
    }

    private static IngestSettings.Builder settings(SimulatorServer sim) {
        return io.cryptostream.ingest.KrakenProtocol.settings()
                .url(sim.uri())
                .markets(MARKETS)
                .heartbeatInterval(Duration.ofSeconds(2))
                .minReconnectDelay(Duration.ofMillis(100))
                .maxReconnectDelay(Duration.ofSeconds(1))
                .rateLimitedWait(Duration.ofSeconds(1))
                .stopGracePeriod(Duration.ofSeconds(5));
    }

    private IngestRun run(IngestSettings settings) {
        IngestRun run = IngestService.run(system, new io.cryptostream.ingest.KrakenProtocol(settings), settings,
                new InProcessTradeSink(received::addAll, 50, Duration.ofMillis(20)));
        runs.add(run);
        return run;
    }

    private static void stop(IngestRun run) throws Exception {
        run.stop().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void deliversExactlyTheTradesTheVenueSentInOrderPerPair() throws Exception {
        SimulatorServer sim = simulator(SimulatorConfig.builder().tradesPerSecond(50).tradesPerMarket(6));
        IngestRun run = run(settings(sim).build());

        Await.until(WAIT, () -> received.size() == 18, () -> received.size() + " trades; " + run.metrics());
        stop(run);

        List<Trade> emitted = sim.emittedTrades();
        assertThat(emitted).hasSize(18);
        assertThat(TradeFacts.of(received)).containsExactlyInAnyOrderElementsOf(TradeFacts.of(emitted));
        for (Market market : MARKETS) {
            assertThat(TradeFacts.of(received.stream().filter(t -> t.market().equals(market)).toList()))
                    .as("trades of %s, in order", market)
                    .containsExactlyElementsOf(TradeFacts.of(sim.emittedTrades(market)));
        }
        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.trades()).isEqualTo(18);
        assertThat(metrics.markets().get(BTC_USD)).isEqualTo(new IngestMetricsSnapshot.MarketCounts(6, 6, 0, 0));
        assertThat(metrics.connections()).isEqualTo(1);
        assertThat(metrics.reconnects()).isZero();
        assertThat(metrics.subscriptionsConfirmed()).isEqualTo(3);
        assertThat(metrics.unsubscriptionsConfirmed()).as("unsubscribe acknowledged per pair").isEqualTo(3);
        assertThat(metrics.toTable()).contains("Kraken:BTC-USD", "Kraken:BTC-EUR", "Kraken:DOGE-USD");
    }

    @Test
    void reconnectsAfterADroppedConnectionResubscribesAndDeliversEveryTradeOnce() throws Exception {
        SimulatorServer sim = simulator(SimulatorConfig.builder().tradesPerSecond(10).tradesPerMarket(30));
        IngestRun run = run(settings(sim).build());

        Await.until(WAIT, () -> received.size() >= 15, () -> received.size() + " trades; " + run.metrics());
        assertThat(sim.dropAllConnections()).isEqualTo(1);
        Await.until(WAIT, () -> received.size() >= 90, () -> received.size() + " trades; " + run.metrics());
        stop(run);

        assertThat(TradeFacts.of(received)).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(TradeFacts.of(sim.emittedTrades()));
        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.reconnects()).isEqualTo(1);
        assertThat(metrics.connections()).isEqualTo(2);
        assertThat(metrics.duplicates()).as("the replay after the resubscribe").isPositive();
        assertThat(metrics.subscriptionsConfirmed()).isEqualTo(6);
    }

    @Test
    void reconnectsAfterTheMaintenanceNoticeAndClose() throws Exception {
        SimulatorServer sim = simulator(SimulatorConfig.builder().tradesPerSecond(10));
        IngestRun run = run(settings(sim).build());

        Await.until(WAIT, () -> received.size() >= 5, () -> run.metrics().toString());
        sim.forceDisconnectAll();
        Await.until(WAIT, () -> run.metrics().connections() == 2 && run.metrics().subscriptionsConfirmed() == 6,
                () -> run.metrics().toString());
        stop(run);

        assertThat(run.metrics().reconnects()).isEqualTo(1);
        assertThat(TradeFacts.of(received)).doesNotHaveDuplicates();
        assertThat(TradeFacts.of(sim.emittedTrades())).containsAll(TradeFacts.of(received));
    }

    @Test
    void countsMalformedFramesPerPairAndOtherChannelsAsUnhandled() {
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
        assertThat(metrics.unhandledByType()).containsEntry("ticker", 2L);
        assertThat(metrics.markets().get(BTC_USD).malformed()).isEqualTo(3);
        assertThat(metrics.reconnects()).isZero();
        assertThat(run.completion().toCompletableFuture()).isNotDone();
    }
}
