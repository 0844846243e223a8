package io.cryptostream.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.coinbase.CoinbaseCodec;
import io.cryptostream.exchange.coinbase.CoinbaseSubscriptions;
import io.cryptostream.exchange.coinbase.CoinbaseSymbols;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.simulator.WebSocketTestClient.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Coinbase Exchange simulator as a plain WebSocket client sees it, decoded by the production codec. */
class CoinbaseProtocolTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Market BTC = CoinbaseSymbols.market("BTC-USD");
    private static final Market ETH = CoinbaseSymbols.market("ETH-EUR");
    private static final CoinbaseCodec CODEC = new CoinbaseCodec();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestActorSystem system = new TestActorSystem();

    private static SimulatorServer start(SimulatorConfig.Builder config) {
        return system.start(config.protocol(new CoinbaseProtocol()).build());
    }

    private static SimulatorConfig.Builder quiet() {
        return SimulatorConfig.builder().heartbeatInterval(Duration.ofSeconds(30)).tradesPerSecond(1).replayOnSubscribe(0);
    }

    private static FeedEvent decode(Frame frame) {
        return CODEC.decode(frame.text(), frame.receivedAt());
    }

    @Test
    void saysNothingUntilSubscribedThenAcknowledgesEveryChannel() throws Exception {
        try (SimulatorServer server = start(quiet());
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            assertThat(server.uri().toString()).isEqualTo("ws://127.0.0.1:" + server.port() + "/");
            Thread.sleep(300);
            assertThat(client.drain()).as("no greeting on Coinbase").isEmpty();

            client.send(CoinbaseSubscriptions.subscribe(List.of(BTC, ETH)));

            Frame ack = client.next(WAIT);
            assertThat(decode(ack)).isEqualTo(new FeedEvent.Subscribed("matches: BTC-USD, ETH-EUR; heartbeat: BTC-USD, ETH-EUR"));
            assertThat(JSON.readTree(ack.text()).get("type").asText()).isEqualTo("subscriptions");
            assertThat(server.stats().subscriptionsActive()).isEqualTo(2);
        }
    }

    @Test
    void streamsMatchesThatDecodeToExactlyTheEmittedTrades() throws Exception {
        int perMarket = 30;
        try (SimulatorServer server = start(quiet().tradesPerSecond(300).tradesPerMarket(perMarket));
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            client.send(CoinbaseSubscriptions.subscribe(List.of(BTC, ETH)));

            List<Trade> received = new ArrayList<>();
            List<JsonNode> matches = new ArrayList<>();
            while (received.size() < 2 * perMarket) {
                Frame frame = client.next(WAIT);
                if (decode(frame) instanceof FeedEvent.Trades trades) {
                    trades.trades().forEach(t -> received.add(withReceiveTimeAtEventTime(t)));
                    matches.add(JSON.readTree(frame.text()));
                }
            }

            for (Market market : List.of(BTC, ETH)) {
                assertThat(received.stream().filter(t -> t.market().equals(market)).toList())
                        .containsExactlyElementsOf(server.emittedTrades(market)).hasSize(perMarket);
            }
            assertThat(received).extracting(Trade::side).doesNotContain(TakerSide.UNKNOWN);
            for (int i = 0; i < matches.size(); i++) {
                JsonNode match = matches.get(i);
                Trade trade = received.get(i);
                assertThat(match.get("type").asText()).isEqualTo("match");
                assertThat(match.get("trade_id").isIntegralNumber()).isTrue();
                assertThat(match.get("price").isTextual() && match.get("size").isTextual()).isTrue();
                assertThat(match.get("side").asText()).as("maker side").isEqualTo(trade.side() == TakerSide.BUY ? "sell" : "buy");
                assertThat(match.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
                assertThat(match.get("maker_order_id").asText()).hasSize(36);
            }
        }
    }

    @Test
    void refusesBadRequestsTheWayCoinbaseDoesAndKeepsTheSocket() throws Exception {
        try (SimulatorServer server = start(quiet());
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            client.send("{\"type\":\"subscribe\",\"channels\":[\"heartbeat\"]}");
            assertThat(decode(client.next(WAIT))).isEqualTo(new FeedEvent.Rejected(0, "Failed to subscribe",
                    "You need to specify at least one product ID for channel heartbeat"));
            client.send("{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\",\"BTCUSD\"],\"channels\":[\"matches\"]}");
            assertThat(decode(client.next(WAIT))).isEqualTo(new FeedEvent.Rejected(0, "Failed to subscribe",
                    "BTCUSD is not a valid product"));
            client.send("{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\"],\"channels\":[\"trades\"]}");
            assertThat(decode(client.next(WAIT))).isEqualTo(new FeedEvent.Rejected(0, "Failed to subscribe",
                    "trades is not a valid channel"));
            client.send("nonsense");
            assertThat(decode(client.next(WAIT))).isInstanceOfSatisfying(FeedEvent.Rejected.class,
                    r -> assertThat(r.reason()).isEqualTo("Failed to parse message"));
            assertThat(server.stats().subscriptionsActive()).as("a refused message subscribes nothing").isZero();

            client.send("{\"type\":\"subscribe\",\"channels\":[{\"name\":\"matches\",\"product_ids\":[\"BTC-USD\"]}]}");
            assertThat(decode(client.next(WAIT))).isEqualTo(new FeedEvent.Subscribed("matches: BTC-USD"));
            assertThat(client.ended()).isFalse();
        }
    }

    @Test
    void unsubscribingEverythingAnswersAnEmptyList() throws Exception {
        try (SimulatorServer server = start(quiet());
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            client.send(CoinbaseSubscriptions.subscribe(List.of(BTC)));
            readUntil(client, FeedEvent.Subscribed.class);

            client.send(CoinbaseSubscriptions.unsubscribe(List.of(BTC)));

            Frame answer = readUntil(client, FeedEvent.Unsubscribed.class);
            assertThat(answer.text()).isEqualTo("{\"type\":\"subscriptions\",\"channels\":[]}");
            assertThat(decode(answer)).isEqualTo(new FeedEvent.Unsubscribed("*", "no subscriptions left"));
            assertThat(server.stats().subscriptionsActive()).isZero();
        }
    }

    @Test
    void heartbeatsUnknownTypesMalformedFramesAndTheFarewellDecodeAsTheirKinds() throws Exception {
        try (SimulatorServer server = start(quiet().heartbeatInterval(Duration.ofMillis(100)));
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            client.send(CoinbaseSubscriptions.subscribe(List.of(BTC)));
            readUntil(client, FeedEvent.Subscribed.class);

            Frame heartbeat = readUntil(client, FeedEvent.Heartbeat.class);
            JsonNode beat = JSON.readTree(heartbeat.text());
            assertThat(beat.get("type").asText()).isEqualTo("heartbeat");
            assertThat(beat.get("product_id").asText()).isEqualTo("BTC-USD");
            assertThat(((FeedEvent.Heartbeat) decode(heartbeat)).serverTime())
                    .isBetween(Instant.now().minusSeconds(5), Instant.now());

            server.stopHeartbeats();
            server.sendUnknownTypeFrame();
            assertThat(decode(readUntil(client, FeedEvent.Unhandled.class))).isEqualTo(new FeedEvent.Unhandled("ticker"));
            server.sendMalformedFrames(3);
            for (int i = 0; i < 3; i++) {
                readUntil(client, FeedEvent.Malformed.class);
            }
            server.forceDisconnectAll();
            assertThat(decode(readUntil(client, FeedEvent.Rejected.class))).isInstanceOfSatisfying(FeedEvent.Rejected.class,
                    r -> assertThat(r.reason()).isEqualTo("Connection closed"));
            assertThat(client.awaitEnding(WAIT).abrupt()).isFalse();
        }
    }

    /** Reads frames until one decodes to {@code kind}, skipping trades and anything else. */
    private static Frame readUntil(WebSocketTestClient client, Class<? extends FeedEvent> kind) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Frame frame = client.next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (kind.isInstance(decode(frame))) {
                return frame;
            }
        }
    }

    private static Trade withReceiveTimeAtEventTime(Trade t) {
        return new Trade(t.exchange(), t.base(), t.quote(), t.side(), t.price(), t.quantity(), t.quoteVolume(),
                t.tradeId(), t.eventTime(), t.eventTime());
    }
}
