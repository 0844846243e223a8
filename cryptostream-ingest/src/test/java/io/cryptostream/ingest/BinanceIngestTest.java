package io.cryptostream.ingest;

import com.typesafe.config.ConfigFactory;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.binance.BinanceVenue;
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

/** Ingest with {@link BinanceProtocol} against the Binance simulator over a real WebSocket. */
class BinanceIngestTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Market BTC = new Market("Binance", "BTC", "USDT");
    private static final Market ETH = new Market("Binance", "ETH", "USDT");
    private static final Market FUTURES_BTC = new Market("BinanceFutures", "BTC", "USDT");

    private static ActorSystem system;

    private final List<SimulatorServer> simulators = new ArrayList<>();
    private final List<IngestRun> runs = new ArrayList<>();
    private final List<Trade> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startSystem() {
        system = ActorSystem.create("binance-ingest-test", ConfigFactory.parseString("""
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

    private SimulatorServer simulator(BinanceVenue venue, SimulatorConfig.Builder config) {
        SimulatorServer server = SimulatorServer.start(
                config.protocol(new io.cryptostream.simulator.BinanceProtocol(venue)).build(), system);
        simulators.add(server);
        return server;
    }

    private static IngestSettings.Builder settings(BinanceVenue venue, SimulatorServer sim, List<Market> markets) {
        return BinanceProtocol.settings(venue, markets)
                .url(sim.uri())
                .minReconnectDelay(Duration.ofMillis(100))
                .maxReconnectDelay(Duration.ofSeconds(1))
                .rateLimitedWait(Duration.ofSeconds(1))
                .stopGracePeriod(Duration.ofSeconds(5));
    }

    private IngestRun run(BinanceVenue venue, IngestSettings settings) {
        IngestRun run = IngestService.run(system, new BinanceProtocol(venue, settings), settings,
                new InProcessTradeSink(received::addAll, 50, Duration.ofMillis(20)));
        runs.add(run);
        return run;
    }

    private static void stop(IngestRun run) throws Exception {
        run.stop().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void deliversExactlyTheTradesTheVenueSent() throws Exception {
        SimulatorServer sim = simulator(BinanceVenue.SPOT, SimulatorConfig.builder().tradesPerSecond(50).tradesPerMarket(20));
        IngestRun run = run(BinanceVenue.SPOT, settings(BinanceVenue.SPOT, sim, List.of(BTC, ETH)).build());

        Await.until(WAIT, () -> received.size() == 40, () -> received.size() + " trades; " + run.metrics());
        stop(run);

        for (Market market : List.of(BTC, ETH)) {
            assertThat(TradeFacts.of(received.stream().filter(t -> t.market().equals(market)).toList()))
                    .as("trades of %s, in order", market)
                    .containsExactlyElementsOf(TradeFacts.of(sim.emittedTrades(market)))
                    .hasSize(20);
        }
        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.trades()).isEqualTo(40);
        assertThat(metrics.markets().get(BTC)).isEqualTo(new IngestMetricsSnapshot.MarketCounts(20, 20, 0, 0));
        assertThat(metrics.connections()).isEqualTo(1);
        assertThat(metrics.subscriptionsConfirmed()).as("one SUBSCRIBE for both markets").isEqualTo(1);
        assertThat(metrics.unsubscriptionsConfirmed()).as("one UNSUBSCRIBE on stop").isEqualTo(1);
        assertThat(metrics.malformed()).isZero();
    }

    @Test
    void reconnectsAfterADroppedConnectionResubscribesAndDeliversEveryTradeOnce() throws Exception {
        SimulatorServer sim = simulator(BinanceVenue.SPOT, SimulatorConfig.builder().tradesPerSecond(10).tradesPerMarket(30));
        IngestRun run = run(BinanceVenue.SPOT, settings(BinanceVenue.SPOT, sim, List.of(BTC, ETH)).build());

        Await.until(WAIT, () -> received.size() >= 15, () -> received.size() + " trades; " + run.metrics());
        assertThat(sim.dropAllConnections()).isEqualTo(1);
        Await.until(WAIT, () -> received.size() >= 60, () -> received.size() + " trades; " + run.metrics());
        stop(run);

        assertThat(sim.emittedTrades()).hasSize(60);
        assertThat(TradeFacts.of(received)).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(TradeFacts.of(sim.emittedTrades()));
        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.reconnects()).isEqualTo(1);
        assertThat(metrics.connections()).isEqualTo(2);
        assertThat(metrics.subscriptionsConfirmed()).as("resubscribed on the new socket").isEqualTo(2);
        assertThat(metrics.duplicates()).as("the simulator's replay after the resubscribe").isPositive();
    }

    @Test
    void futuresReconnectsWhenTheServerAnnouncesItsShutdown() throws Exception {
        SimulatorServer sim = simulator(BinanceVenue.USDM_FUTURES, SimulatorConfig.builder().tradesPerSecond(10));
        IngestRun run = run(BinanceVenue.USDM_FUTURES, settings(BinanceVenue.USDM_FUTURES, sim, List.of(FUTURES_BTC)).build());

        Await.until(WAIT, () -> received.size() >= 5, () -> run.metrics().toString());
        assertThat(sim.forceDisconnectAll()).isEqualTo(1);
        Await.until(WAIT, () -> run.metrics().connections() == 2 && run.metrics().subscriptionsConfirmed() == 2,
                () -> run.metrics().toString());
        int before = received.size();
        Await.until(WAIT, () -> received.size() >= before + 5, () -> received.size() + " trades");
        stop(run);

        assertThat(run.metrics().reconnects()).isEqualTo(1);
        assertThat(received).allSatisfy(t -> assertThat(t.market()).isEqualTo(FUTURES_BTC));
        assertThat(TradeFacts.of(received)).doesNotHaveDuplicates();
        assertThat(TradeFacts.of(sim.emittedTrades())).containsAll(TradeFacts.of(received));
    }

    @Test
    void countsMalformedAndUnknownFramesPerMarketAndKeepsGoing() {
        SimulatorServer sim = simulator(BinanceVenue.SPOT, SimulatorConfig.builder().tradesPerSecond(10));
        IngestRun run = run(BinanceVenue.SPOT, settings(BinanceVenue.SPOT, sim, List.of(BTC)).build());

        Await.until(WAIT, () -> received.size() >= 5, () -> received.size() + " trades; " + run.metrics());
        sim.sendMalformedFrames(3);
        sim.sendUnknownTypeFrame();
        sim.sendUnknownTypeFrame();
        Await.until(WAIT, () -> run.metrics().malformed() == 3 && run.metrics().unhandled() == 2,
                () -> run.metrics().toString());
        int before = received.size();
        Await.until(WAIT, () -> received.size() >= before + 10, () -> received.size() + " trades");

        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.unhandledByType()).containsEntry("bookTicker", 2L);
        assertThat(metrics.markets().get(BTC).malformed()).isEqualTo(3);
        assertThat(metrics.reconnects()).isZero();
    }
}
