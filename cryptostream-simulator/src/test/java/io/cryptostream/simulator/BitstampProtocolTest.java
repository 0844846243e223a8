package io.cryptostream.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.OrderAction;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.OrderSide;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.bitstamp.BitstampChannel;
import io.cryptostream.exchange.bitstamp.BitstampCodec;
import io.cryptostream.exchange.bitstamp.BitstampSubscriptions;
import io.cryptostream.exchange.bitstamp.BitstampSymbols;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.simulator.WebSocketTestClient.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Bitstamp simulator over a real WebSocket, read with the JDK client and decoded with the Bitstamp codec. */
class BitstampProtocolTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Market BTC_USD = BitstampSymbols.parse("BTC-USD");
    private static final String TRADES = BitstampChannel.LIVE_TRADES.of(BTC_USD);
    private static final String ORDERS = BitstampChannel.LIVE_ORDERS.of(BTC_USD);
    private static final BitstampCodec CODEC = new BitstampCodec();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestActorSystem system = new TestActorSystem();

    private static SimulatorServer start(SimulatorConfig.Builder config) {
        return system.start(config.protocol(new BitstampProtocol()).build());
    }

    private static FeedEvent event(Frame frame) {
        return CODEC.decode(frame.text(), frame.receivedAt());
    }

    private static FeedEvent nextEvent(WebSocketTestClient client) throws InterruptedException {
        return event(client.next(WAIT));
    }

    @Test
    void silentUntilSubscribedThenAcknowledgesAndStreamsTheEmittedTradesExactly() throws Exception {
        try (SimulatorServer server = start(SimulatorConfig.builder().tradesPerSecond(40).tradesPerMarket(25)
                .replayOnSubscribe(0));
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            assertThat(server.uri().toString()).isEqualTo("ws://127.0.0.1:" + server.port() + "/");
            Thread.sleep(300);
            assertThat(client.drain()).as("Bitstamp does not greet").isEmpty();

            client.send(BitstampSubscriptions.subscribe(TRADES));
            assertThat(nextEvent(client)).isEqualTo(new FeedEvent.Subscribed(TRADES));
            List<Frame> frames = new ArrayList<>();
            List<Trade> decoded = new ArrayList<>();
            while (decoded.size() < 25) {
                Frame frame = client.next(WAIT);
                frames.add(frame);
                decoded.addAll(((FeedEvent.Trades) event(frame)).trades());
            }

            assertThat(withoutReceiveTime(decoded)).isEqualTo(withoutReceiveTime(server.emittedTrades(BTC_USD)));
            assertThat(decoded).extracting(Trade::side).doesNotContain(TakerSide.UNKNOWN);
            JsonNode first = JSON.readTree(frames.get(0).text());
            assertThat(first.get("event").asText()).isEqualTo("trade");
            assertThat(first.get("channel").asText()).isEqualTo("live_trades_btcusd");
            JsonNode data = first.get("data");
            assertThat(data.get("id").isIntegralNumber()).isTrue();
            assertThat(data.get("type").isInt()).isTrue();
            assertThat(data.get("amount").isDouble()).isTrue();
            assertThat(data.get("amount_str").isTextual()).isTrue();
            assertThat(data.get("price_str").asText()).isEqualTo(decoded.get(0).price().toPlainString());
            assertThat(data.get("microtimestamp").isTextual()).isTrue();
            assertThat(data.get("timestamp").asText()).isEqualTo(Long.toString(decoded.get(0).eventTime().getEpochSecond()));
            for (Frame frame : frames) {
                JsonNode d = JSON.readTree(frame.text()).get("data");
                TakerSide newer = d.get("buy_order_id").asLong() > d.get("sell_order_id").asLong() ? TakerSide.BUY : TakerSide.SELL;
                assertThat(d.get("type").asInt()).as("the taker's order is the newer one").isEqualTo(newer == TakerSide.BUY ? 0 : 1);
            }
        }
    }

    @Test
    void heartbeatsOnlyAnswerTheClient() throws Exception {
        try (SimulatorServer server = start(SimulatorConfig.builder().heartbeatInterval(Duration.ofMillis(50)));
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            Thread.sleep(400);
            assertThat(client.drain()).as("no unsolicited heartbeats").isEmpty();

            client.send(BitstampSubscriptions.HEARTBEAT);
            Frame reply = client.next(WAIT);

            assertThat(reply.text()).isEqualTo("{\"event\":\"bts:heartbeat\",\"channel\":\"\",\"data\":{\"status\":\"success\"}}");
            assertThat(event(reply)).isEqualTo(new FeedEvent.Heartbeat(null));
        }
    }

    @Test
    void streamsCreatedChangedAndDeletedOrdersNearThePrice() throws Exception {
        try (SimulatorServer server = start(SimulatorConfig.builder().tradesPerSecond(50).tradesPerMarket(80));
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            client.send(BitstampSubscriptions.subscribe(ORDERS));
            assertThat(nextEvent(client)).isEqualTo(new FeedEvent.Subscribed(ORDERS));
            List<OrderEvent> decoded = new ArrayList<>();
            while (decoded.size() < 80) {
                decoded.addAll(((FeedEvent.Orders) nextEvent(client)).orders());
            }

            assertThat(orderFacts(decoded)).isEqualTo(orderFacts(server.emittedOrders()));
            assertThat(decoded).extracting(OrderEvent::action).contains(OrderAction.CREATED, OrderAction.CHANGED, OrderAction.DELETED);
            assertThat(decoded).extracting(OrderEvent::side).contains(OrderSide.BUY, OrderSide.SELL);
            Set<String> resting = new HashSet<>();
            List<Trade> trades = server.emittedTrades(BTC_USD);
            for (int i = 0; i < decoded.size(); i++) {
                OrderEvent order = decoded.get(i);
                assertThat(order.amount().signum()).isPositive();
                if (order.action() == OrderAction.CREATED) {
                    assertThat(resting.add(order.orderId())).as("new id %s", order.orderId()).isTrue();
                    BigDecimal distance = order.price().divide(trades.get(i).price(), MathContext.DECIMAL64)
                            .subtract(BigDecimal.ONE).abs();
                    assertThat(distance).as("order %s vs trade price", order).isLessThan(new BigDecimal("0.0101"));
                } else {
                    assertThat(resting).as("%s of a resting order", order.action()).contains(order.orderId());
                    if (order.action() == OrderAction.DELETED) {
                        resting.remove(order.orderId());
                    }
                }
            }
        }
    }

    @Test
    void theOrderFlowIsTheSameForTheSameSeed() throws Exception {
        List<List<Object>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (SimulatorServer server = start(SimulatorConfig.builder().tradesPerSecond(100).tradesPerMarket(30).seed(7));
                 WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
                client.send(BitstampSubscriptions.subscribe(ORDERS));
                await().atMost(WAIT).until(() -> server.emittedOrders().size() >= 30);
                runs.add(server.emittedOrders().stream().map(o -> (Object) List.of(o.orderId(), o.side(), o.action(),
                        o.price(), o.amount())).toList());
            }
        }
        assertThat(runs.get(0)).hasSize(30).isEqualTo(runs.get(1));
    }

    @Test
    void unsubscribeIsAcknowledgedAndBadRequestsGetBtsError() throws Exception {
        try (SimulatorServer server = start(SimulatorConfig.builder().tradesPerSecond(20));
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            client.send(BitstampSubscriptions.subscribe("live_trades_btcxyz"));
            assertThat(nextEvent(client)).isEqualTo(new FeedEvent.Rejected(0, "Bad subscription string.", null));
            client.send(BitstampSubscriptions.subscribe("diff_order_book_btcusd"));
            assertThat(nextEvent(client)).isEqualTo(new FeedEvent.Rejected(0, "Bad subscription string.", null));
            client.send("not json");
            assertThat(nextEvent(client)).isInstanceOf(FeedEvent.Rejected.class);
            client.send("{\"event\":\"bts:ping\"}");
            assertThat(nextEvent(client)).isInstanceOfSatisfying(FeedEvent.Rejected.class,
                    r -> assertThat(r.reason()).contains("bts:ping"));

            client.send(BitstampSubscriptions.subscribe(TRADES));
            assertThat(nextEvent(client)).isEqualTo(new FeedEvent.Subscribed(TRADES));
            client.send(BitstampSubscriptions.unsubscribe(TRADES));
            FeedEvent afterTrades = nextEvent(client);
            while (afterTrades instanceof FeedEvent.Trades) {
                afterTrades = nextEvent(client);
            }
            assertThat(afterTrades).isEqualTo(new FeedEvent.Unsubscribed(TRADES, null));
            Thread.sleep(300);
            assertThat(client.drain()).as("no trades after the unsubscribe").isEmpty();
            client.send(BitstampSubscriptions.unsubscribe(TRADES));
            assertThat(nextEvent(client)).isInstanceOf(FeedEvent.Rejected.class);
        }
    }

    @Test
    void faultsSpeakBitstamp() throws Exception {
        try (SimulatorServer server = start(SimulatorConfig.builder());
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            await().atMost(WAIT).until(() -> server.stats().connectionsOpen() >= 1);
            server.sendMalformedFrames(3);
            server.sendUnknownTypeFrame();
            for (int i = 0; i < 3; i++) {
                assertThat(nextEvent(client)).isInstanceOf(FeedEvent.Malformed.class);
            }
            assertThat(nextEvent(client)).isEqualTo(new FeedEvent.Unhandled("data on diff_order_book"));

            server.forceDisconnectAll();
            assertThat(nextEvent(client)).isEqualTo(new FeedEvent.ReconnectRequested("bts:request_reconnect"));
            assertThat(client.awaitEnding(WAIT).abrupt()).isFalse();
        }
    }

    private static List<Trade> withoutReceiveTime(List<Trade> trades) {
        return trades.stream().map(t -> new Trade(t.exchange(), t.base(), t.quote(), t.side(), t.price(), t.quantity(),
                t.quoteVolume(), t.tradeId(), t.eventTime(), Instant.EPOCH)).toList();
    }

    private static List<OrderEvent> orderFacts(List<OrderEvent> orders) {
        return orders.stream().map(o -> new OrderEvent(o.exchange(), o.base(), o.quote(), o.side(), o.action(),
                o.orderId(), o.price(), o.amount(), o.eventTime(), Instant.EPOCH)).toList();
    }
}
