package io.cryptostream.ingest;

import com.typesafe.config.ConfigFactory;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.bitstamp.BitstampChannel;
import io.cryptostream.exchange.bitstamp.BitstampSubscriptions;
import io.cryptostream.exchange.bitstamp.BitstampSymbols;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ingest with the Bitstamp protocol against the Bitstamp simulator over a real WebSocket. */
class BitstampIngestTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Market BTC_USD = BitstampSymbols.parse("BTC-USD");
    private static final Market ETH_USD = BitstampSymbols.parse("ethusd");
    private static final Market ETH_BTC = BitstampSymbols.parse("ETH/BTC");
    private static final List<Market> MARKETS = List.of(BTC_USD, ETH_USD, ETH_BTC);

    private static ActorSystem system;

    private final List<SimulatorServer> simulators = new ArrayList<>();
    private final List<IngestRun> runs = new ArrayList<>();
    private final List<Trade> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startSystem() {
        system = ActorSystem.create("bitstamp-ingest-test", ConfigFactory.parseString("""
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
                // A run that failed has stopped already.
            }
        });
        simulators.forEach(SimulatorServer::close);
    }

    private SimulatorServer simulator(SimulatorConfig.Builder config) {
        SimulatorServer server = SimulatorServer.start(
                config.protocol(new io.cryptostream.simulator.BitstampProtocol()).build(), system);
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

    private IngestRun run(IngestSettings settings) {
        IngestRun run = IngestService.run(system, new BitstampProtocol(settings), settings,
                new InProcessTradeSink(received::addAll, 50, Duration.ofMillis(20)));
        runs.add(run);
        return run;
    }

    private static void stop(IngestRun run) throws Exception {
        run.stop().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void deliversExactlyTheTradesTheVenueSent() throws Exception {
        SimulatorServer sim = simulator(SimulatorConfig.builder().tradesPerSecond(50).tradesPerMarket(8));
        IngestRun run = run(settings(sim).build());

        Await.until(WAIT, () -> received.size() == 24, () -> received.size() + " trades; " + run.metrics());
        stop(run);

        assertThat(sim.emittedTrades()).hasSize(24);
        for (Market market : MARKETS) {
            assertThat(TradeFacts.of(received.stream().filter(t -> t.market().equals(market)).toList()))
                    .as("trades of %s, in order", market)
                    .containsExactlyElementsOf(TradeFacts.of(sim.emittedTrades(market)));
        }
        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.trades()).isEqualTo(24);
        assertThat(metrics.markets().get(ETH_BTC)).isEqualTo(new IngestMetricsSnapshot.MarketCounts(8, 8, 0, 0));
        assertThat(metrics.connections()).isEqualTo(1);
        assertThat(metrics.subscriptionsConfirmed()).as("one ack per channel").isEqualTo(3);
        assertThat(metrics.unsubscriptionsConfirmed()).as("one ack per channel at stop").isEqualTo(3);
        assertThat(metrics.malformed()).isZero();
    }

    @Test
    void reconnectsAfterADroppedConnectionAndDeliversEveryTradeOnce() throws Exception {
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
        assertThat(metrics.subscriptionsConfirmed()).as("resubscribed every channel").isEqualTo(6);
        assertThat(metrics.duplicates()).as("the simulator's replay after the resubscribe").isPositive();
    }

    @Test
    void reconnectsPromptlyWhenTheVenueRequestsIt() throws Exception {
        SimulatorServer sim = simulator(SimulatorConfig.builder().tradesPerSecond(10).tradesPerMarket(30));
        IngestRun run = run(settings(sim).build());

        Await.until(WAIT, () -> received.size() >= 10, () -> run.metrics().toString());
        assertThat(sim.forceDisconnectAll()).isEqualTo(1);
        Await.until(WAIT, () -> received.size() >= 90, () -> received.size() + " trades; " + run.metrics());
        stop(run);

        assertThat(run.metrics().reconnects()).isEqualTo(1);
        assertThat(TradeFacts.of(received)).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(TradeFacts.of(sim.emittedTrades()));
    }

    @Test
    void aRefusedChannelLeavesTheOthersFlowing() throws Exception {
        SimulatorServer sim = simulator(SimulatorConfig.builder().tradesPerSecond(20));
        Market unknownQuote = new Market("Bitstamp", "BTC", "XYZ");
        IngestRun run = run(settings(sim).markets(List.of(BTC_USD, unknownQuote)).build());

        Await.until(WAIT, () -> received.size() >= 10 && !run.metrics().rejectedByReason().isEmpty(), () -> run.metrics().toString());

        assertThat(run.metrics().rejectedByReason()).containsEntry("0 Bad subscription string.", 1L);
        assertThat(received).allSatisfy(trade -> assertThat(trade.market()).isEqualTo(BTC_USD));
        assertThat(run.metrics().reconnects()).isZero();
    }

    @Test
    void countsMalformedFramesPerMarketAndBooksAsUnhandled() {
        SimulatorServer sim = simulator(SimulatorConfig.builder().tradesPerSecond(10));
        IngestRun run = run(settings(sim).build());

        Await.until(WAIT, () -> received.size() >= 5, () -> received.size() + " trades; " + run.metrics());
        sim.sendMalformedFrames(3);
        sim.sendUnknownTypeFrame();
        Await.until(WAIT, () -> run.metrics().malformed() == 3 && run.metrics().unhandled() == 1,
                () -> run.metrics().toString());

        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.unhandledByType()).containsEntry("data on diff_order_book", 1L);
        assertThat(metrics.markets().get(BTC_USD).malformed()).as("the two that name their channel").isEqualTo(2);
        assertThat(metrics.reconnects()).isZero();
    }

    @Test
    void protocolFacts() {
        IngestSettings settings = IngestSettings.builder().url(BitstampProtocol.DEFAULT_URL).markets(MARKETS).build();
        BitstampProtocol trades = new BitstampProtocol(settings);
        BitstampProtocol both = new BitstampProtocol(settings, EnumSet.allOf(BitstampChannel.class));

        assertThat(BitstampProtocol.DEFAULT_URL.toString()).isEqualTo("wss://ws.bitstamp.net/");
        assertThat(trades.handshake().asScala().uri().toString()).isEqualTo("wss://ws.bitstamp.net/");
        assertThat(trades.handshake().asScala().extraHeaders().isEmpty()).as("no credentials").isTrue();
        assertThat(trades.subscribesAfterWelcome()).isFalse();
        assertThat(trades.subscribeFrames()).first()
                .isEqualTo("{\"event\":\"bts:subscribe\",\"data\":{\"channel\":\"live_trades_btcusd\"}}");
        assertThat(both.subscribeFrames()).hasSize(6).contains(BitstampSubscriptions.subscribe("live_orders_ethbtc"));
        assertThat(both.expectedUnsubscribeAcks()).isEqualTo(6);
        assertThat(trades.clientPing()).contains(new VenueProtocol.ClientPing("{\"event\":\"bts:heartbeat\"}", Duration.ofSeconds(10)));
        assertThat(new BitstampProtocol(settings.toBuilder().heartbeatInterval(Duration.ofSeconds(2)).build()).clientPing())
                .hasValueSatisfying(ping -> assertThat(ping.interval()).isEqualTo(Duration.ofSeconds(2)));
        assertThat(trades.maxConnectionAge()).contains(Duration.ofDays(89));
        assertThat(trades.sequentialTradeIds()).isFalse();
        assertThat(trades.onRejected(new io.cryptostream.feed.FeedEvent.Rejected(4009, "Connection is unauthorized.", null)))
                .isInstanceOf(ServerReaction.Continue.class);
        assertThat(trades.onUpgradeRefused(429, "Too Many Requests"))
                .isEqualTo(new ServerReaction.Reconnect("Bitstamp refused the WebSocket upgrade (429 Too Many Requests); "
                        + "connecting again in no less than " + Durations.format(settings.rateLimitedWait()),
                        settings.rateLimitedWait()));
        assertThat(trades.marketOf("{\"data\":{\"id\":1,\"amount\":\"x\"},\"channel\":\"live_trades_ethbtc\",\"ev"))
                .contains(ETH_BTC);
        assertThat(trades.marketOf("{\"channel\":\"live_trades_btcxyz\"}")).isEmpty();
        assertThatThrownBy(() -> new BitstampProtocol(IngestSettings.builder().build()))
                .hasMessageContaining("Bitstamp ingests Bitstamp markets only");
    }
}
