package io.cryptostream.ingest;

import com.typesafe.config.ConfigFactory;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.OrderAction;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.OrderSide;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The venue hooks of the shared session (client pings, maximum connection age, reconnect requests, trade-id gaps,
 * order events) against the Testex venue over a real WebSocket.
 */
class SessionHooksTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Market BTC = TestVenueServerProtocol.market("BTC-USD");
    private static final Market ETH = TestVenueServerProtocol.market("ETH-USD");
    private static final Instant T0 = Instant.parse("2024-08-09T00:00:00.123456Z");

    private static ActorSystem system;

    private final List<SimulatorServer> simulators = new ArrayList<>();
    private final List<IngestRun> runs = new ArrayList<>();
    private final List<Trade> received = new CopyOnWriteArrayList<>();
    private final List<OrderEvent> receivedOrders = new CopyOnWriteArrayList<>();
    private final TestVenueServerProtocol venue = new TestVenueServerProtocol();

    @BeforeAll
    static void startSystem() {
        system = ActorSystem.create("session-hooks-test", ConfigFactory.parseString("""
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

    /** A Testex server; heartbeats every 200 ms unless a test silences them. */
    private SimulatorServer simulator(SimulatorConfig.Builder config) {
        SimulatorServer server = SimulatorServer.start(config.protocol(venue).build(), system);
        simulators.add(server);
        return server;
    }

    private static IngestSettings.Builder settings(SimulatorServer sim) {
        return IngestSettings.builder()
                .url(sim.uri())
                .markets(List.of(BTC, ETH))
                .heartbeatInterval(Duration.ofMillis(500))
                // The failure backoff is slow on purpose: planned reconnects must not wait for it.
                .minReconnectDelay(Duration.ofSeconds(5))
                .maxReconnectDelay(Duration.ofSeconds(10))
                .stopGracePeriod(Duration.ofSeconds(2));
    }

    private IngestRun run(VenueProtocol protocol, IngestSettings settings, Optional<OrderSink> orders) {
        IngestRun run = IngestService.run(system, protocol, settings,
                new InProcessTradeSink(received::addAll, 50, Duration.ofMillis(20)), orders);
        runs.add(run);
        return run;
    }

    private static void stop(IngestRun run) throws Exception {
        run.stop().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static void awaitSubscribed(IngestRun run, long confirmations) {
        Await.until(WAIT, () -> run.metrics().subscriptionsConfirmed() == confirmations, () -> run.metrics().toString());
    }

    private static List<Trade> trades(Market market, long... ids) {
        return LongStream.of(ids).mapToObj(id -> Trade.of(market, TakerSide.BUY, new BigDecimal("61837.63"),
                new BigDecimal("0.02000000"), Long.toString(id), T0.plusMillis(id), T0.plusMillis(id))).toList();
    }

    @Test
    void pingsAtTheIntervalAndTheirAnswersAloneKeepTheConnectionFresh() throws Exception {
        // No heartbeats and no trades: only the answers to the client's pings arrive.
        SimulatorServer sim = simulator(SimulatorConfig.builder().heartbeatInterval(Duration.ofHours(1))
                .tradesPerMarket(0));
        IngestSettings settings = settings(sim).heartbeatInterval(Duration.ofMillis(300)).build();
        IngestRun run = run(TestVenueProtocol.of(settings).pingingEvery(Duration.ofMillis(100)), settings,
                Optional.empty());
        awaitSubscribed(run, 2);

        Thread.sleep(1_500);
        List<Instant> pings = venue.pingsReceived();
        assertThat(pings).as("one ping per 100 ms for 1.5 s").hasSizeBetween(10, 17);
        for (int i = 1; i < pings.size(); i++) {
            assertThat(Duration.between(pings.get(i - 1), pings.get(i))).as("ping spacing")
                    .isBetween(Duration.ofMillis(50), Duration.ofMillis(300));
        }
        IngestMetricsSnapshot fresh = run.metrics();
        assertThat(fresh.staleConnections()).as("stale after 600 ms of silence, yet answers kept it fresh").isZero();
        assertThat(fresh.connections()).isEqualTo(1);
        assertThat(fresh.heartbeats()).as("answers count as heartbeats").isPositive();
        assertThat(fresh.pingsSent()).isGreaterThanOrEqualTo(pings.size());

        venue.answerPings(false);
        Await.until(WAIT, () -> run.metrics().staleConnections() >= 1, () -> run.metrics().toString());
        assertThat(venue.pingsReceived().size()).as("pings went on; sending them is not liveness")
                .isGreaterThan(pings.size());
    }

    @Test
    void cyclesTheConnectionBeforeItsMaximumAgeWithoutLosingOrRepeatingATrade() throws Exception {
        SimulatorServer sim = simulator(SimulatorConfig.builder().heartbeatInterval(Duration.ofMillis(200))
                .tradesPerSecond(20).tradesPerMarket(50));
        IngestSettings settings = settings(sim).build();
        IngestRun run = run(TestVenueProtocol.of(settings).withMaxConnectionAge(Duration.ofMillis(800))
                .withSequentialTradeIds(), settings, Optional.empty());

        Await.until(WAIT, () -> received.size() == 100 && run.metrics().cycles() >= 2,
                () -> received.size() + " trades; " + run.metrics());
        stop(run);

        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(TradeFacts.of(received)).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(TradeFacts.of(sim.emittedTrades()));
        assertThat(metrics.duplicates()).as("the replays after each resubscribe").isPositive();
        assertThat(metrics.gaps()).as("nothing lost across the cycles").isZero();
        assertThat(metrics.reconnects()).as("every reconnect was a planned cycle").isEqualTo(metrics.cycles());
        assertThat(metrics.staleConnections()).isZero();
        assertThat(metrics.toTable()).contains("planned cycles");
    }

    @Test
    void cyclesATenthBeforeTheMaximumAgeAndAtMostAMinuteBefore() {
        assertThat(SessionStateMachine.cycleAfter(Duration.ofHours(24))).isEqualTo(Duration.ofHours(24).minusMinutes(1));
        assertThat(SessionStateMachine.cycleAfter(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(1800));
    }

    @Test
    void reconnectsAtOnceWhenTheVenueAsks() throws Exception {
        SimulatorServer sim = simulator(SimulatorConfig.builder().heartbeatInterval(Duration.ofMillis(200))
                .tradesPerMarket(0));
        IngestSettings settings = settings(sim).build();
        IngestRun run = run(TestVenueProtocol.of(settings), settings, Optional.empty());
        awaitSubscribed(run, 2);

        long asked = System.nanoTime();
        venue.requestReconnect();
        Await.until(WAIT, () -> run.metrics().subscriptionsConfirmed() == 4, () -> run.metrics().toString());
        Duration took = Duration.ofNanos(System.nanoTime() - asked);

        assertThat(took).as("no 5 s failure backoff").isLessThan(Duration.ofSeconds(2));
        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.reconnectRequests()).isEqualTo(1);
        assertThat(metrics.connections()).isEqualTo(2);
        Await.until(WAIT, () -> sim.stats().connectionsOpen() == 1, () -> "the client closed the old socket: "
                + sim.stats());
    }

    @Test
    void countsTradeIdGapsPerMarketAndAcrossAReconnect() throws Exception {
        SimulatorServer sim = simulator(SimulatorConfig.builder().heartbeatInterval(Duration.ofMillis(200))
                .tradesPerMarket(0));
        IngestSettings settings = settings(sim).minReconnectDelay(Duration.ofMillis(100)).build();
        IngestRun run = run(TestVenueProtocol.of(settings).withSequentialTradeIds(), settings, Optional.empty());
        awaitSubscribed(run, 2);

        venue.sendTrades(trades(BTC, 1, 2, 3, 7, 8));
        // A repeat and a late id are no gaps; ETH's ids are its own.
        venue.sendTrades(trades(BTC, 8, 5));
        venue.sendTrades(trades(ETH, 500, 501));
        Await.until(WAIT, () -> received.size() == 8, () -> received.size() + " trades; " + run.metrics());
        IngestMetricsSnapshot.MarketCounts btc = run.metrics().markets().get(BTC);
        assertThat(btc.gaps()).isEqualTo(1);
        assertThat(btc.missedTrades()).isEqualTo(3);
        assertThat(btc.duplicates()).isEqualTo(1);
        assertThat(run.metrics().markets().get(ETH).gaps()).isZero();

        assertThat(sim.dropAllConnections()).isEqualTo(1);
        awaitSubscribed(run, 4);
        venue.sendTrades(trades(BTC, 12));
        Await.until(WAIT, () -> received.size() == 9, () -> received.size() + " trades; " + run.metrics());

        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.markets().get(BTC)).as("ids 9..11 went missing while reconnecting")
                .extracting(IngestMetricsSnapshot.MarketCounts::gaps, IngestMetricsSnapshot.MarketCounts::missedTrades)
                .containsExactly(2L, 6L);
        assertThat(metrics.gaps()).isEqualTo(2);
        assertThat(metrics.missedTrades()).isEqualTo(6);
        assertThat(metrics.toTable()).contains("gaps", "missed");
    }

    @Test
    void deliversOrderEventsToTheOrderSinkApartFromTrades() throws Exception {
        SimulatorServer sim = simulator(SimulatorConfig.builder().heartbeatInterval(Duration.ofMillis(200))
                .tradesPerMarket(0));
        IngestSettings settings = settings(sim).build();
        IngestRun run = run(TestVenueProtocol.of(settings), settings,
                Optional.of(new InProcessOrderSink(receivedOrders::addAll, 10, Duration.ofMillis(20))));
        awaitSubscribed(run, 2);

        List<OrderEvent> sent = List.of(
                order(BTC, "1496011283275781", OrderAction.CREATED, "31483.10", "7.92010000"),
                order(BTC, "1496011283275781", OrderAction.CHANGED, "31483.10", "2.50000000"),
                order(ETH, "1496011283275999", OrderAction.DELETED, "3805.44", "0"));
        venue.sendOrders(sent);
        venue.sendTrades(trades(BTC, 1, 2));
        Await.until(WAIT, () -> receivedOrders.size() == 3 && received.size() == 2,
                () -> receivedOrders.size() + " orders, " + received.size() + " trades; " + run.metrics());
        stop(run);

        assertThat(receivedOrders.stream().map(SessionHooksTest::withoutReceiveTime).toList())
                .containsExactlyElementsOf(sent);
        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.markets().get(BTC).orders()).isEqualTo(2);
        assertThat(metrics.markets().get(ETH).orders()).isEqualTo(1);
        assertThat(metrics.orders()).isEqualTo(3);
        assertThat(metrics.ordersDropped()).isZero();
        assertThat(metrics.trades()).isEqualTo(2);
        assertThat(metrics.toTable()).contains("orders");
    }

    @Test
    void countsOrderEventsAsDroppedWhenTheRunHasNoOrderSink() throws Exception {
        SimulatorServer sim = simulator(SimulatorConfig.builder().heartbeatInterval(Duration.ofMillis(200))
                .tradesPerMarket(0));
        IngestSettings settings = settings(sim).build();
        IngestRun run = run(TestVenueProtocol.of(settings), settings, Optional.empty());
        awaitSubscribed(run, 2);

        venue.sendOrders(List.of(order(BTC, "1", OrderAction.CREATED, "1.5", "2"),
                order(ETH, "2", OrderAction.DELETED, "1.5", "0")));
        venue.sendTrades(trades(BTC, 1));
        Await.until(WAIT, () -> run.metrics().ordersDropped() == 2 && received.size() == 1,
                () -> run.metrics().toString());
        stop(run);
        assertThat(run.metrics().orders()).isZero();
    }

    @Test
    void aFailingOrderSinkFailsTheRunWithItsErrorAndClosesTheSocket() {
        SimulatorServer sim = simulator(SimulatorConfig.builder().heartbeatInterval(Duration.ofMillis(200))
                .tradesPerMarket(0));
        IngestSettings settings = settings(sim).build();
        IngestRun run = run(TestVenueProtocol.of(settings), settings, Optional.of(new InProcessOrderSink(orders -> {
            throw new IllegalStateException("the order book store is read-only");
        })));
        awaitSubscribed(run, 2);

        venue.sendOrders(List.of(order(BTC, "1", OrderAction.CREATED, "1.5", "2")));
        assertThatThrownBy(() -> run.completion().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the order book store is read-only");
        Await.until(WAIT, () -> sim.stats().connectionsOpen() == 0,
                () -> "the socket should close with the failed run: " + sim.stats());
    }

    private static OrderEvent order(Market market, String id, OrderAction action, String price, String amount) {
        return new OrderEvent(market.exchange(), market.base(), market.quote(), OrderSide.BUY, action, id,
                new BigDecimal(price), new BigDecimal(amount), T0, T0);
    }

    /** The receive time is the ingest's own; the rest must arrive as sent. */
    private static OrderEvent withoutReceiveTime(OrderEvent o) {
        return new OrderEvent(o.exchange(), o.base(), o.quote(), o.side(), o.action(), o.orderId(), o.price(),
                o.amount(), o.eventTime(), T0);
    }
}
