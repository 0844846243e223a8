package io.cryptostream.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.kraken.KrakenCodec;
import io.cryptostream.exchange.kraken.KrakenSubscriptions;
import io.cryptostream.feed.FeedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kraken v2 simulator over a real WebSocket, read with the Kraken codec the way the ingest reads it. */
class KrakenProtocolTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Market BTC_USD = new Market("Kraken", "BTC", "USD");
    private static final Market ETH_EUR = new Market("Kraken", "ETH", "EUR");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KrakenCodec CODEC = new KrakenCodec();

    @RegisterExtension
    static final TestActorSystem system = new TestActorSystem();

    private static SimulatorServer start(SimulatorConfig.Builder config) {
        return system.start(config.protocol(new KrakenProtocol()).build());
    }

    private static SimulatorConfig.Builder quiet() {
        return SimulatorConfig.builder().heartbeatInterval(Duration.ofSeconds(30)).tradesPerSecond(1);
    }

    private static FeedEvent next(WebSocketTestClient client) throws InterruptedException {
        WebSocketTestClient.Frame frame = client.next(WAIT);
        return CODEC.decode(frame.text(), frame.receivedAt());
    }

    private static FeedEvent nextMatching(WebSocketTestClient client, Predicate<FeedEvent> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            FeedEvent event = next(client);
            if (wanted.test(event)) {
                return event;
            }
        }
        throw new AssertionError("no matching event within " + WAIT);
    }

    /** The trade as the simulator recorded it: receive time = event time. */
    private static Trade asEmitted(Trade decoded) {
        return Trade.of(decoded.market(), decoded.side(), decoded.price(), decoded.quantity(), decoded.tradeId(),
                decoded.eventTime(), decoded.eventTime());
    }

    @Test
    void greetsWithAStatusWhoseConnectionIdExceedsALong() throws Exception {
        try (SimulatorServer server = start(quiet());
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            WebSocketTestClient.Frame first = client.next(WAIT);

            assertThat(server.uri().getPath()).isEqualTo("/v2");
            assertThat(server.uri("ignored")).isEqualTo(server.uri());
            JsonNode status = JSON.readTree(first.text());
            assertThat(status.get("channel").asText()).isEqualTo("status");
            assertThat(status.at("/data/0/system").asText()).isEqualTo("online");
            assertThat(status.at("/data/0/connection_id").bigIntegerValue())
                    .isGreaterThan(BigInteger.valueOf(Long.MAX_VALUE));
            assertThat(CODEC.decode(first.text(), first.receivedAt())).isInstanceOfSatisfying(FeedEvent.Welcome.class,
                    welcome -> assertThat(welcome.detail()).contains("system=online", "connection_id=1494939045497503"));
        }
    }

    @Test
    void acknowledgesEachPairThenStreamsTradesThatDecodeToTheEmittedOnes() throws Exception {
        try (SimulatorServer server = start(quiet().tradesPerSecond(50).tradesPerMarket(6).replayOnSubscribe(0));
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            assertThat(next(client)).isInstanceOf(FeedEvent.Welcome.class);
            client.send(KrakenSubscriptions.subscribe(List.of(BTC_USD, ETH_EUR)));

            assertThat(next(client)).isEqualTo(new FeedEvent.Subscribed("trade:BTC/USD"));
            List<Trade> decoded = new ArrayList<>();
            List<String> frames = new ArrayList<>();
            while (decoded.size() < 12) {
                WebSocketTestClient.Frame frame = client.next(WAIT);
                FeedEvent event = CODEC.decode(frame.text(), frame.receivedAt());
                if (event instanceof FeedEvent.Trades trades) {
                    decoded.addAll(trades.trades());
                    frames.add(frame.text());
                } else {
                    assertThat(event).isEqualTo(new FeedEvent.Subscribed("trade:ETH/EUR"));
                }
            }

            for (Market market : List.of(BTC_USD, ETH_EUR)) {
                List<Trade> emitted = server.emittedTrades(market);
                assertThat(emitted).hasSize(6);
                assertThat(decoded.stream().filter(t -> t.market().equals(market)).map(KrakenProtocolTest::asEmitted).toList())
                        .as("trades of %s", market).containsExactlyElementsOf(emitted);
                List<Long> ids = emitted.stream().map(t -> Long.parseLong(t.tradeId())).toList();
                for (int i = 1; i < ids.size(); i++) {
                    assertThat(ids.get(i)).as("trade_id sequential per pair").isEqualTo(ids.get(i - 1) + 1);
                }
                assertThat(emitted).allSatisfy(t -> assertThat(t.eventTime().truncatedTo(ChronoUnit.MICROS)).isEqualTo(t.eventTime()));
            }
            JsonNode trade = JSON.readTree(frames.get(0));
            assertThat(trade.get("type").asText()).isEqualTo("update");
            assertThat(trade.at("/data/0/price").isNumber()).as("price is a JSON number").isTrue();
            assertThat(trade.at("/data/0/qty").isNumber()).isTrue();
            assertThat(trade.at("/data/0/trade_id").isIntegralNumber()).isTrue();
            assertThat(trade.at("/data/0/side").asText()).isIn("buy", "sell");
            assertThat(trade.at("/data/0/timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        }
    }

    @Test
    void refusesV1SymbolsDuplicatesAndUnknownSubscriptionsPerPair() throws Exception {
        try (SimulatorServer server = start(quiet().replayOnSubscribe(0));
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            assertThat(next(client)).isInstanceOf(FeedEvent.Welcome.class);

            client.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"trade\",\"symbol\":[\"XBT/USD\",\"BTC/USD\",\"BTC/USD\"]},\"req_id\":9}");
            assertThat(next(client)).isEqualTo(new FeedEvent.Rejected(0, "Currency pair not supported XBT/USD",
                    "method subscribe, symbol XBT/USD, req_id 9"));
            assertThat(nextMatching(client, e -> !(e instanceof FeedEvent.Trades))).isEqualTo(new FeedEvent.Subscribed("trade:BTC/USD"));
            assertThat(nextMatching(client, e -> !(e instanceof FeedEvent.Trades)))
                    .isEqualTo(new FeedEvent.Rejected(0, "Already subscribed", "method subscribe, symbol BTC/USD, req_id 9"));

            client.send(KrakenSubscriptions.unsubscribe(List.of(BTC_USD)));
            assertThat(nextMatching(client, e -> !(e instanceof FeedEvent.Trades))).isEqualTo(new FeedEvent.Unsubscribed("trade:BTC/USD", null));
            client.send(KrakenSubscriptions.unsubscribe(List.of(BTC_USD)));
            assertThat(nextMatching(client, e -> !(e instanceof FeedEvent.Trades)))
                    .isEqualTo(new FeedEvent.Rejected(0, "Subscription Not Found", "method unsubscribe, symbol BTC/USD"));

            client.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"book\",\"symbol\":[\"BTC/USD\"]}}");
            assertThat(nextMatching(client, e -> !(e instanceof FeedEvent.Trades))).isInstanceOfSatisfying(FeedEvent.Rejected.class,
                    r -> assertThat(r.reason()).contains("book"));
            client.send("not json");
            assertThat(nextMatching(client, e -> !(e instanceof FeedEvent.Trades))).isInstanceOfSatisfying(FeedEvent.Rejected.class,
                    r -> assertThat(r.reason()).startsWith("Malformed request"));
        }
    }

    @Test
    void answersPingsWithAPongCarryingTheRequestId() throws Exception {
        try (SimulatorServer server = start(quiet());
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            assertThat(next(client)).isInstanceOf(FeedEvent.Welcome.class);
            client.send(KrakenSubscriptions.ping(7));

            WebSocketTestClient.Frame pong = client.next(WAIT);

            assertThat(JSON.readTree(pong.text()).get("req_id").asLong()).isEqualTo(7);
            assertThat(CODEC.decode(pong.text(), pong.receivedAt())).isInstanceOfSatisfying(FeedEvent.Heartbeat.class,
                    heartbeat -> assertThat(heartbeat.serverTime()).isBetween(Instant.now().minusSeconds(10), Instant.now()));
        }
    }

    @Test
    void heartbeatsFaultsAndTheMaintenanceNoticeDecodeAsTheIngestExpects() throws Exception {
        try (SimulatorServer server = start(quiet().heartbeatInterval(Duration.ofMillis(100)));
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            assertThat(next(client)).isInstanceOf(FeedEvent.Welcome.class);
            assertThat(next(client)).isEqualTo(new FeedEvent.Heartbeat(null));
            server.stopHeartbeats();
            Predicate<FeedEvent> notHeartbeat = e -> !(e instanceof FeedEvent.Heartbeat);

            server.sendMalformedFrames(3);
            server.sendUnknownTypeFrame();
            for (int i = 0; i < 3; i++) {
                assertThat(nextMatching(client, notHeartbeat)).isInstanceOf(FeedEvent.Malformed.class);
            }
            assertThat(nextMatching(client, notHeartbeat)).isEqualTo(new FeedEvent.Unhandled("ticker"));

            server.forceDisconnectAll();
            assertThat(nextMatching(client, notHeartbeat)).isInstanceOfSatisfying(FeedEvent.Welcome.class,
                    notice -> assertThat(notice.detail()).contains("system=maintenance"));
            assertThat(client.awaitEnding(WAIT).abrupt()).isFalse();
        }
    }
}
