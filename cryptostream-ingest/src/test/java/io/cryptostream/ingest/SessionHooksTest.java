package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.OrderAction;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.OrderSide;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static io.cryptostream.ingest.Testbed.WAIT;
import static io.cryptostream.ingest.Testbed.stop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The venue hooks of the shared session (client pings, maximum connection age, reconnect requests, trade-id gaps,
 * order events) against the Testex venue over a real WebSocket.
 */
@ExtendWith(Testbed.Extension.class)
class SessionHooksTest {

    private static final Market BTC = Testex.market("BTC-USD");
    private static final Market ETH = Testex.market("ETH-USD");
    private static final Instant T0 = Instant.parse("2024-08-09T00:00:00.123456Z");

    private final TestVenueServerProtocol venue = new TestVenueServerProtocol();
    private Testbed testbed;
    private List<Trade> received;
    private List<OrderEvent> receivedOrders;

    @BeforeEach
    void useTestbed(Testbed testbed) {
        this.testbed = testbed;
        this.received = testbed.received();
        this.receivedOrders = testbed.receivedOrders();
    }

    /** A Testex server; heartbeats every 200 ms unless a test silences them. */
    private SimulatorServer simulator(SimulatorConfig.Builder config) {
        return testbed.simulator(config.protocol(venue).build());
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
        return testbed.run(protocol, settings, orders);
    }

    private static void awaitSubscribed(IngestRun run, long confirmations) {
        await().atMost(WAIT).until(() -> run.metrics().subscriptionsConfirmed() == confirmations);
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
            // Times are taken where the venue reads the pings: a stalled reader may take two at once, so the pace
            // is the count above, and each gap is bounded by what matters, the 600 ms liveness window.
            assertThat(Duration.between(pings.get(i - 1), pings.get(i))).as("ping spacing, under the 600 ms liveness window")
                    .isLessThan(Duration.ofMillis(600));
        }
        IngestMetricsSnapshot fresh = run.metrics();
        assertThat(fresh.staleConnections()).as("stale after 600 ms of silence, yet answers kept it fresh").isZero();
        assertThat(fresh.connections()).isEqualTo(1);
        assertThat(fresh.heartbeats()).as("answers count as heartbeats").isPositive();
        assertThat(fresh.pingsSent()).isGreaterThanOrEqualTo(pings.size());

        venue.answerPings(false);
        await().atMost(WAIT).until(() -> run.metrics().staleConnections() >= 1);
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

        await().atMost(WAIT).until(() -> received.size() == 100 && run.metrics().cycles() >= 2);
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
    void reconnectsAtOnceWhenTheVenueAsks() throws Exception {
        SimulatorServer sim = simulator(SimulatorConfig.builder().heartbeatInterval(Duration.ofMillis(200))
                .tradesPerMarket(0));
        IngestSettings settings = settings(sim).build();
        IngestRun run = run(TestVenueProtocol.of(settings), settings, Optional.empty());
        awaitSubscribed(run, 2);

        long asked = System.nanoTime();
        venue.requestReconnect();
        await().atMost(WAIT).until(() -> run.metrics().subscriptionsConfirmed() == 4);
        Duration took = Duration.ofNanos(System.nanoTime() - asked);

        assertThat(took).as("no 5 s failure backoff").isLessThan(Duration.ofSeconds(2));
        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.reconnectRequests()).isEqualTo(1);
        assertThat(metrics.connections()).isEqualTo(2);
        await().atMost(WAIT).until(() -> sim.stats().connectionsOpen() == 1);
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
        await().atMost(WAIT).until(() -> received.size() == 8);
        IngestMetricsSnapshot.MarketCounts btc = run.metrics().markets().get(BTC);
        assertThat(btc.gaps()).isEqualTo(1);
        assertThat(btc.missedTrades()).isEqualTo(3);
        assertThat(btc.duplicates()).isEqualTo(1);
        assertThat(run.metrics().markets().get(ETH).gaps()).isZero();

        assertThat(sim.dropAllConnections()).isEqualTo(1);
        awaitSubscribed(run, 4);
        venue.sendTrades(trades(BTC, 12));
        await().atMost(WAIT).until(() -> received.size() == 9);

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
                Optional.of(testbed.orderSink()));
        awaitSubscribed(run, 2);

        List<OrderEvent> sent = List.of(
                order(BTC, "1496011283275781", OrderAction.CREATED, "31483.10", "7.92010000"),
                order(BTC, "1496011283275781", OrderAction.CHANGED, "31483.10", "2.50000000"),
                order(ETH, "1496011283275999", OrderAction.DELETED, "3805.44", "0"));
        venue.sendOrders(sent);
        venue.sendTrades(trades(BTC, 1, 2));
        await().atMost(WAIT).until(() -> receivedOrders.size() == 3 && received.size() == 2);
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
        await().atMost(WAIT).until(() -> run.metrics().ordersDropped() == 2 && received.size() == 1);
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
        await().atMost(WAIT).until(() -> sim.stats().connectionsOpen() == 0);
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
