package io.cryptostream.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.binance.BinanceCodec;
import io.cryptostream.exchange.binance.BinanceSubscriptions;
import io.cryptostream.exchange.binance.BinanceVenue;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.simulator.WebSocketTestClient.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Binance simulator as a plain JDK WebSocket client sees it, decoded with the real codec. */
class BinanceProtocolTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Market BTC = new Market("Binance", "BTC", "USDT");
    private static final Market ETH = new Market("Binance", "ETH", "USDT");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestActorSystem system = new TestActorSystem();

    private static SimulatorServer start(BinanceVenue venue, SimulatorConfig.Builder config) {
        return system.start(config.protocol(new BinanceProtocol(venue)).build());
    }

    private static SimulatorConfig.Builder quiet() {
        return SimulatorConfig.builder().heartbeatInterval(Duration.ofSeconds(30)).tradesPerSecond(1).replayOnSubscribe(0);
    }

    private static FeedEvent decode(BinanceVenue venue, Frame frame) {
        return new BinanceCodec(venue).decode(frame.text(), frame.receivedAt());
    }

    @Test
    void streamsSubscribedTradesThatDecodeToExactlyTheEmittedOnes() throws Exception {
        try (SimulatorServer server = start(BinanceVenue.SPOT, quiet().tradesPerSecond(50).tradesPerMarket(40));
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            assertThat(server.uri().getPath()).isEqualTo("/stream");
            client.send(BinanceSubscriptions.subscribe(List.of(BTC, ETH)));

            assertThat(decode(BinanceVenue.SPOT, client.next(WAIT))).as("no greeting: the ack comes first")
                    .isEqualTo(new FeedEvent.Subscribed("id 1"));
            List<Trade> received = new ArrayList<>();
            List<Frame> frames = new ArrayList<>();
            while (received.size() < 80) {
                Frame frame = client.next(WAIT);
                frames.add(frame);
                received.addAll(((FeedEvent.Trades) decode(BinanceVenue.SPOT, frame)).trades());
            }

            assertThat(received.stream().map(BinanceProtocolTest::withoutReceiveTime).toList())
                    .containsExactlyInAnyOrderElementsOf(server.emittedTrades().stream()
                            .map(BinanceProtocolTest::withoutReceiveTime).toList());
            assertThat(received).extracting(Trade::eventTime)
                    .allSatisfy(time -> assertThat(time.getNano() % 1_000_000).isZero());
            JsonNode first = JSON.readTree(frames.get(0).text());
            assertThat(first.get("stream").asText()).matches("(btc|eth)usdt@trade");
            JsonNode data = first.get("data");
            assertThat(data.get("p").isTextual()).isTrue();
            assertThat(data.get("p").asText()).matches("\\d+\\.\\d{8}");
            assertThat(data.get("q").asText()).matches("\\d+\\.\\d{8}");
            assertThat(data.get("M").asBoolean()).isTrue();
            assertThat(data.get("T").asLong()).isEqualTo(data.get("E").asLong());
        }
    }

    @Test
    void futuresTradesHaveTheUsdmShape() throws Exception {
        Market futuresBtc = new Market("BinanceFutures", "BTC", "USDT");
        try (SimulatorServer server = start(BinanceVenue.USDM_FUTURES, quiet().tradesPerSecond(50).tradesPerMarket(3));
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            client.send(BinanceSubscriptions.subscribe(List.of(futuresBtc)));
            assertThat(decode(BinanceVenue.USDM_FUTURES, client.next(WAIT))).isEqualTo(new FeedEvent.Subscribed("id 1"));

            List<Trade> received = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Frame frame = client.next(WAIT);
                JsonNode data = JSON.readTree(frame.text()).get("data");
                assertThat(data.get("X").asText()).isEqualTo("MARKET");
                assertThat(data.has("M")).isFalse();
                received.addAll(((FeedEvent.Trades) decode(BinanceVenue.USDM_FUTURES, frame)).trades());
            }
            assertThat(received.stream().map(BinanceProtocolTest::withoutReceiveTime).toList())
                    .containsExactlyElementsOf(server.emittedTrades(futuresBtc).stream()
                            .map(BinanceProtocolTest::withoutReceiveTime).toList());
        }
    }

    @Test
    void listsAndRemovesSubscriptions() throws Exception {
        try (SimulatorServer server = start(BinanceVenue.SPOT, quiet().tradesPerSecond(20));
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            client.send(BinanceSubscriptions.subscribe(List.of(BTC, ETH)));
            assertThat(readUntil(client, FeedEvent.Subscribed.class)).isEqualTo(new FeedEvent.Subscribed("id 1"));

            client.send(BinanceSubscriptions.listSubscriptions());
            Frame listed = readFrameUntil(client, FeedEvent.Heartbeat.class);
            assertThat(JSON.readTree(listed.text())).isEqualTo(JSON.readTree(
                    "{\"result\":[\"btcusdt@trade\",\"ethusdt@trade\"],\"id\":3}"));

            client.send(BinanceSubscriptions.unsubscribe(List.of(BTC, ETH)));
            assertThat(readUntil(client, FeedEvent.Unsubscribed.class)).isEqualTo(new FeedEvent.Unsubscribed("id 2", null));
            await().atMost(WAIT).until(() -> server.stats().subscriptionsActive() == 0);
            client.drain();
            Thread.sleep(300);
            assertThat(client.drain()).as("no trades after the unsubscribe").isEmpty();
        }
    }

    @Test
    void refusesBadRequestsWithBinanceErrorCodes() throws Exception {
        try (SimulatorServer server = start(BinanceVenue.SPOT, quiet());
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            client.send("{\"method\":\"SUBSCRIBE\",");
            assertThat(nextEvent(client)).isInstanceOfSatisfying(FeedEvent.Rejected.class,
                    r -> assertThat(r.reason()).isEqualTo("INVALID_JSON"));
            client.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\"],\"id\":\"not-alnum!\"}");
            assertThat(nextEvent(client)).isEqualTo(new FeedEvent.Rejected(2, "INVALID_REQUEST",
                    "Invalid request: request ID must be an unsigned integer"));
            client.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@depth\"],\"id\":7}");
            assertThat(nextEvent(client)).isInstanceOfSatisfying(FeedEvent.Rejected.class,
                    r -> assertThat(r.detail()).contains("only <symbol>@trade", "btcusdt@depth", "(request id 7)"));
            client.send("{\"method\":\"SET_PROPERTY\",\"params\":[\"combined\",true],\"id\":8}");
            assertThat(nextEvent(client)).isInstanceOfSatisfying(FeedEvent.Rejected.class,
                    r -> assertThat(r.code()).isEqualTo(2));
            client.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\"],\"id\":\"abc123\"}");
            assertThat(nextEvent(client)).as("newer servers take alphanumeric ids").isEqualTo(new FeedEvent.Subscribed("id abc123"));
            assertThat(server.stats().connectionsOpen()).isEqualTo(1);
        }
    }

    @Test
    void heartbeatsAreWebSocketPingsNotFrames() throws Exception {
        try (SimulatorServer server = start(BinanceVenue.USDM_FUTURES, quiet().heartbeatInterval(Duration.ofMillis(100)));
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            await().atMost(WAIT).until(() -> client.pings() >= 3);
            assertThat(client.drain()).as("no text heartbeat").isEmpty();
            assertThat(client.ended()).isFalse();
        }
    }

    @Test
    void announcesTheShutdownBeforeAForcedDisconnect() throws Exception {
        try (SimulatorServer server = start(BinanceVenue.SPOT, quiet());
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            await().atMost(WAIT).until(() -> server.stats().connectionsOpen() == 1);
            assertThat(server.forceDisconnectAll()).isEqualTo(1);

            assertThat(nextEvent(client)).isInstanceOfSatisfying(FeedEvent.ReconnectRequested.class,
                    r -> assertThat(r.detail()).startsWith("serverShutdown at "));
            assertThat(client.awaitEnding(WAIT).abrupt()).isFalse();
        }
    }

    @Test
    void malformedAndUnknownFramesDecodeAsSuch() {
        for (BinanceVenue venue : BinanceVenue.values()) {
            BinanceProtocol protocol = new BinanceProtocol(venue);
            BinanceCodec codec = new BinanceCodec(venue);
            assertThat(protocol.malformedFrames()).hasSize(3).allSatisfy(frame ->
                    assertThat(codec.decode(frame, Instant.EPOCH)).isInstanceOf(FeedEvent.Malformed.class));
            assertThat(codec.decode(protocol.unknownTypeFrame(Instant.now()), Instant.EPOCH))
                    .isEqualTo(new FeedEvent.Unhandled("bookTicker"));
        }
    }

    private static FeedEvent nextEvent(WebSocketTestClient client) throws InterruptedException {
        return decode(BinanceVenue.SPOT, client.next(WAIT));
    }

    private static <E extends FeedEvent> E readUntil(WebSocketTestClient client, Class<E> type) throws InterruptedException {
        return type.cast(decode(BinanceVenue.SPOT, readFrameUntil(client, type)));
    }

    /** Reads frames, trades among them, until one decodes to {@code type}. */
    private static Frame readFrameUntil(WebSocketTestClient client, Class<? extends FeedEvent> type) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Frame frame = client.next(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 0)));
            if (type.isInstance(decode(BinanceVenue.SPOT, frame))) {
                return frame;
            }
        }
    }

    private static Trade withoutReceiveTime(Trade t) {
        return new Trade(t.exchange(), t.base(), t.quote(), t.side(), t.price(), t.quantity(), t.quoteVolume(),
                t.tradeId(), t.eventTime(), Instant.EPOCH);
    }
}
