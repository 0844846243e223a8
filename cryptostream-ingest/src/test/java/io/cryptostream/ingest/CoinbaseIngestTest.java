package io.cryptostream.ingest;

import com.typesafe.config.ConfigFactory;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.coinbase.CoinbaseSymbols;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Ingest against the Coinbase simulators (Exchange and Advanced Trade) over a real WebSocket. */
class CoinbaseIngestTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Market BTC = CoinbaseSymbols.market("BTC-USD");
    private static final Market ETH = CoinbaseSymbols.market("ETH-USD");
    private static final List<Market> MARKETS = List.of(BTC, ETH);

    /** The two Coinbase feeds, each as the simulator serves it and as ingest reads it. */
    enum Feed {
        EXCHANGE(io.cryptostream.simulator.CoinbaseProtocol::new, CoinbaseProtocol::new, 1),
        ADVANCED_TRADE(io.cryptostream.simulator.CoinbaseAdvancedProtocol::new, CoinbaseAdvancedProtocol::new, 2);

        final Supplier<io.cryptostream.simulator.VenueProtocol> simulator;
        final Function<IngestSettings, VenueProtocol> ingest;
        /**
         * Subscribe messages, each acknowledged once. (On Advanced Trade, the answer to the first of the two unsubscribe
         * messages still lists heartbeats and so reads as one more Subscribed.)
         */
        final int acksPerConnection;

        Feed(Supplier<io.cryptostream.simulator.VenueProtocol> simulator, Function<IngestSettings, VenueProtocol> ingest,
             int acksPerConnection) {
            this.simulator = simulator;
            this.ingest = ingest;
            this.acksPerConnection = acksPerConnection;
        }
    }

    private static ActorSystem system;

    private final List<SimulatorServer> simulators = new ArrayList<>();
    private final List<IngestRun> runs = new ArrayList<>();
    private final List<Trade> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startSystem() {
        system = ActorSystem.create("coinbase-ingest-test", ConfigFactory.parseString("""
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

    /** Tests replay 1 trade on subscribe, like Coinbase's last_match, unless they need every trade after a drop. */
    private SimulatorServer simulator(Feed feed, SimulatorConfig.Builder config) {
        SimulatorServer server = SimulatorServer.start(config.protocol(feed.simulator.get()).build(), system);
        simulators.add(server);
        return server;
    }

    private static IngestSettings.Builder settings(SimulatorServer sim) {
        return IngestSettings.builder()
                .url(sim.uri())
                .markets(MARKETS)
                .minReconnectDelay(Duration.ofMillis(100))
                .maxReconnectDelay(Duration.ofSeconds(1))
                .rateLimitedWait(Duration.ofSeconds(1))
                .stopGracePeriod(Duration.ofSeconds(5));
    }

    private IngestRun run(Feed feed, IngestSettings settings) {
        IngestRun run = IngestService.run(system, feed.ingest.apply(settings), settings,
                new InProcessTradeSink(received::addAll, 50, Duration.ofMillis(20)));
        runs.add(run);
        return run;
    }

    private static void stop(IngestRun run) throws Exception {
        run.stop().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void deliversExactlyTheTradesTheVenueSent(Feed feed) throws Exception {
        SimulatorServer sim = simulator(feed, SimulatorConfig.builder().tradesPerSecond(50).tradesPerMarket(8).replayOnSubscribe(1));
        IngestRun run = run(feed, settings(sim).build());

        Await.until(WAIT, () -> received.size() == 16, () -> received.size() + " trades; " + run.metrics());
        long acks = run.metrics().subscriptionsConfirmed();
        stop(run);

        assertThat(sim.emittedTrades()).hasSize(16);
        for (Market market : MARKETS) {
            assertThat(TradeFacts.of(received.stream().filter(t -> t.market().equals(market)).toList()))
                    .as("trades of %s, in order", market)
                    .containsExactlyElementsOf(TradeFacts.of(sim.emittedTrades(market)));
        }
        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.trades()).isEqualTo(16);
        assertThat(metrics.markets().get(BTC)).isEqualTo(new IngestMetricsSnapshot.MarketCounts(8, 8, 0, 0));
        assertThat(metrics.connections()).isEqualTo(1);
        assertThat(metrics.malformed()).isZero();
        assertThat(acks).isEqualTo(feed.acksPerConnection);
    }

    /**
     * The simulator replays the latest 20 trades here, more than Coinbase's one last_match, so that the test can demand
     * every trade; on the real feed, trades made while disconnected are missed (and show as a trade-id gap).
     */
    @ParameterizedTest
    @EnumSource(Feed.class)
    void reconnectsAfterADroppedConnectionAndDeliversEveryTradeOnce(Feed feed) throws Exception {
        SimulatorServer sim = simulator(feed, SimulatorConfig.builder().tradesPerSecond(10).tradesPerMarket(30).replayOnSubscribe(20));
        IngestRun run = run(feed, settings(sim).build());

        Await.until(WAIT, () -> received.size() >= 15, () -> received.size() + " trades; " + run.metrics());
        assertThat(sim.dropAllConnections()).isEqualTo(1);
        Await.until(WAIT, () -> received.size() >= 60 && run.metrics().subscriptionsConfirmed() == 2L * feed.acksPerConnection,
                () -> received.size() + " trades; " + run.metrics());
        stop(run);

        assertThat(TradeFacts.of(received)).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(TradeFacts.of(sim.emittedTrades()));
        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.reconnects()).isEqualTo(1);
        assertThat(metrics.connections()).isEqualTo(2);
        assertThat(metrics.duplicates()).as("the replay after the resubscribe").isPositive();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void heartbeatsKeepAQuietSocketAndTheirSilenceReplacesIt(Feed feed) throws Exception {
        SimulatorServer sim = simulator(feed, SimulatorConfig.builder().heartbeatInterval(Duration.ofMillis(200))
                .tradesPerSecond(50).tradesPerMarket(2).replayOnSubscribe(1));
        IngestRun run = run(feed, settings(sim).heartbeatInterval(Duration.ofMillis(250)).missedHeartbeats(3).build());

        Await.until(WAIT, () -> received.size() == 4, () -> received.size() + " trades; " + run.metrics());
        Thread.sleep(1200);
        assertThat(run.metrics().staleConnections()).as("stale while heartbeats flow").isZero();
        assertThat(run.metrics().heartbeats()).isPositive();

        sim.stopHeartbeats();
        Await.until(WAIT, () -> run.metrics().staleConnections() >= 1 && run.metrics().connections() >= 2,
                () -> run.metrics().toString());
        sim.resumeHeartbeats();
        stop(run);

        assertThat(TradeFacts.of(received)).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(TradeFacts.of(sim.emittedTrades()));
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void reconnectsWhenTheVenueClosesTheSocketAfterAnError(Feed feed) throws Exception {
        SimulatorServer sim = simulator(feed, SimulatorConfig.builder().tradesPerSecond(10).replayOnSubscribe(1));
        IngestRun run = run(feed, settings(sim).build());

        Await.until(WAIT, () -> received.size() >= 4, () -> run.metrics().toString());
        sim.forceDisconnectAll();
        Await.until(WAIT, () -> run.metrics().connections() == 2
                        && run.metrics().subscriptionsConfirmed() == 2L * feed.acksPerConnection,
                () -> run.metrics().toString());
        stop(run);

        assertThat(run.metrics().rejectedByReason()).hasSize(1);
        assertThat(run.metrics().reconnects()).isEqualTo(1);
        assertThat(TradeFacts.of(received)).doesNotHaveDuplicates();
        assertThat(run.completion().toCompletableFuture()).isCompleted();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void countsMalformedFramesPerMarketAndKeepsGoing(Feed feed) {
        SimulatorServer sim = simulator(feed, SimulatorConfig.builder().tradesPerSecond(10).replayOnSubscribe(1));
        IngestRun run = run(feed, settings(sim).build());

        Await.until(WAIT, () -> received.size() >= 4, () -> received.size() + " trades; " + run.metrics());
        sim.sendMalformedFrames(3);
        sim.sendUnknownTypeFrame();
        Await.until(WAIT, () -> run.metrics().malformed() == 3 && run.metrics().unhandled() == 1,
                () -> run.metrics().toString());
        int before = received.size();
        Await.until(WAIT, () -> received.size() >= before + 4, () -> received.size() + " trades");

        assertThat(run.metrics().markets().get(BTC).malformed()).isEqualTo(3);
        assertThat(run.metrics().unhandledByType()).containsEntry("ticker", 1L);
        assertThat(run.metrics().reconnects()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void stopsCleanlyOnceTheVenueListsNoSubscriptions(Feed feed) throws Exception {
        SimulatorServer sim = simulator(feed, SimulatorConfig.builder().tradesPerSecond(20).replayOnSubscribe(1));
        IngestRun run = run(feed, settings(sim).build());
        Await.until(WAIT, () -> received.size() >= 6 && sim.stats().subscriptionsActive() == 2,
                () -> received.size() + " trades; " + sim.stats());

        long start = System.nanoTime();
        stop(run);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).as("no grace period ran out").isLessThan(Duration.ofSeconds(5));
        Await.until(WAIT, () -> sim.stats().connectionsOpen() == 0, () -> sim.stats().toString());
        assertThat(sim.stats().subscriptionsActive()).isZero();
        assertThat((long) received.size()).as("every accepted trade delivered").isEqualTo(run.metrics().trades());
        assertThat(TradeFacts.of(sim.emittedTrades())).containsAll(TradeFacts.of(received));
    }
}
