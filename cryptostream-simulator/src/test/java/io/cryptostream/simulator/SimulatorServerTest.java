package io.cryptostream.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.cryptocompare.CryptoCompareSubscriptions;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.simulator.WebSocketTestClient.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SimulatorServerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String KEY = "test-key";
    private static final Market COINBASE_BTC = new Market("Coinbase", "BTC", "USD");
    private static final Market BINANCE_ETH = new Market("Binance", "ETH", "USDT");
    private static final String COINBASE_BTC_SUB = CryptoCompareSubscriptions.tradeSub(COINBASE_BTC);
    private static final String BINANCE_ETH_SUB = CryptoCompareSubscriptions.tradeSub(BINANCE_ETH);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestActorSystem system = new TestActorSystem();

    /** Quiet by default: slow trades, rare heartbeats, so each test turns on only what it checks. */
    private static SimulatorConfig.Builder config() {
        return SimulatorConfig.builder().apiKey(KEY).heartbeatInterval(Duration.ofSeconds(30)).tradesPerSecond(1);
    }

    private static SimulatorServer start(SimulatorConfig.Builder config) {
        return system.start(config.build());
    }

    private static WebSocketTestClient connectWelcomed(SimulatorServer server) throws InterruptedException {
        WebSocketTestClient client = WebSocketTestClient.connect(server.uri(KEY));
        assertThat(client.nextEvent(WAIT)).isInstanceOf(FeedEvent.Welcome.class);
        return client;
    }

    @Test
    void welcomesFirstWithSocketCountsAndRateLimits() throws Exception {
        try (SimulatorServer server = start(config());
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri(KEY))) {
            Frame first = client.next(WAIT);

            assertThat(first.event()).isEqualTo(new FeedEvent.Welcome("STREAMERWELCOME"));
            JsonNode welcome = JSON.readTree(first.text());
            assertThat(welcome.get("TYPE").asText()).isEqualTo("20");
            assertThat(welcome.get("SOCKETS_ACTIVE").asInt()).isEqualTo(1);
            assertThat(welcome.get("SOCKETS_REMAINING").asInt()).isZero();
            assertThat(welcome.get("RATELIMIT_MAX_MINUTE").asInt()).isEqualTo(60);
            assertThat(Instant.ofEpochMilli(welcome.get("SERVER_TIME_MS").asLong()))
                    .isBetween(Instant.now().minusSeconds(10), Instant.now());
            assertThat(server.uri().toString()).isEqualTo("ws://127.0.0.1:" + server.port() + "/v2");
            await().atMost(WAIT).until(() -> server.stats().connectionsOpen() == 1);
            assertThat(server.stats().connectionsAccepted()).isEqualTo(1);
        }
    }

    @Test
    void acceptsTheKeyInAnAuthorizationHeader() throws Exception {
        try (SimulatorServer server = start(config());
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri(),
                     Map.of("authorization", "Apikey " + KEY))) {
            assertThat(client.nextEvent(WAIT)).isInstanceOf(FeedEvent.Welcome.class);
        }
    }

    @Test
    void refusesAWrongOrMissingKeyWith401AndCloses() throws Exception {
        try (SimulatorServer server = start(config())) {
            for (var uri : List.of(server.uri("wrong-key"), server.uri())) {
                try (WebSocketTestClient client = WebSocketTestClient.connect(uri)) {
                    FeedEvent event = client.nextEvent(WAIT);

                    assertThat(event).isInstanceOfSatisfying(FeedEvent.Rejected.class, rejected -> {
                        assertThat(rejected.code()).isEqualTo(401);
                        assertThat(rejected.reason()).isEqualTo("UNAUTHORIZED");
                        assertThat(rejected.detail()).contains("api_key");
                    });
                    assertThat(client.awaitEnding(WAIT).abrupt()).isFalse();
                }
            }
            assertThat(server.stats().connectionsRefused()).isEqualTo(2);
            assertThat(server.stats().connectionsAccepted()).isZero();
        }
    }

    @Test
    void acceptsAnyKeyWhenNoneIsConfigured() throws Exception {
        try (SimulatorServer server = start(config().apiKey(null));
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri("anything"))) {
            assertThat(client.nextEvent(WAIT)).isInstanceOf(FeedEvent.Welcome.class);
        }
    }

    @Test
    void refusesASecondSocketPerKeyWith429UntilTheFirstCloses() throws Exception {
        try (SimulatorServer server = start(config())) {
            WebSocketTestClient first = connectWelcomed(server);
            try (WebSocketTestClient second = WebSocketTestClient.connect(server.uri(KEY))) {
                assertThat(second.nextEvent(WAIT))
                        .isEqualTo(new FeedEvent.Rejected(429, "TOO_MANY_SOCKETS_MAX_1_PER_CLIENT",
                                "This api_key already has 1 socket(s) open and may have 1; close one before opening another."));
                second.awaitEnding(WAIT);
            }
            assertThat(first.ended()).isFalse();

            first.close();
            await().atMost(WAIT).until(() -> server.stats().connectionsOpen() == 0);
            try (WebSocketTestClient third = WebSocketTestClient.connect(server.uri(KEY))) {
                assertThat(third.nextEvent(WAIT)).isInstanceOf(FeedEvent.Welcome.class);
            }
        }
    }

    @Test
    void acknowledgesEachSubscriptionThenLoadComplete() throws Exception {
        try (SimulatorServer server = start(config().replayOnSubscribe(0));
             WebSocketTestClient client = connectWelcomed(server)) {
            client.send(CryptoCompareSubscriptions.subAdd(List.of(COINBASE_BTC_SUB, BINANCE_ETH_SUB)));

            List<FeedEvent> control = controlEvents(client.readUntil(FeedEvent.LoadComplete.class::isInstance, WAIT));

            assertThat(control).containsExactly(
                    new FeedEvent.Subscribed(COINBASE_BTC_SUB),
                    new FeedEvent.Subscribed(BINANCE_ETH_SUB),
                    new FeedEvent.LoadComplete("All your valid subs have been loaded."));
            assertThat(server.stats().subscriptionsActive()).isEqualTo(2);
            assertThat(server.markets()).containsExactlyInAnyOrder(COINBASE_BTC, BINANCE_ETH);
        }
    }

    @Test
    void streamsExactlyTheTradesItSaysItEmitted() throws Exception {
        int perMarket = 40;
        try (SimulatorServer server = start(config().tradesPerSecond(400).tradesPerMarket(perMarket));
             WebSocketTestClient client = connectWelcomed(server)) {
            client.send(CryptoCompareSubscriptions.subAdd(List.of(COINBASE_BTC_SUB, BINANCE_ETH_SUB)));

            List<Trade> received = new ArrayList<>();
            while (received.size() < 2 * perMarket) {
                if (client.nextEvent(WAIT) instanceof FeedEvent.Trades trades) {
                    trades.trades().forEach(trade -> received.add(withReceiveTimeAtEventTime(trade)));
                }
            }

            for (Market market : List.of(COINBASE_BTC, BINANCE_ETH)) {
                List<Trade> ofMarket = received.stream().filter(t -> t.market().equals(market)).toList();
                assertThat(ofMarket).containsExactlyElementsOf(server.emittedTrades(market)).hasSize(perMarket);
                for (int i = 1; i < ofMarket.size(); i++) {
                    assertThat(Long.parseLong(ofMarket.get(i).tradeId()))
                            .isEqualTo(Long.parseLong(ofMarket.get(i - 1).tradeId()) + 1);
                }
                assertThat(ofMarket).allSatisfy(trade -> {
                    assertThat(trade.price().scale()).isEqualTo(2);
                    assertThat(trade.quantity().scale()).isEqualTo(8);
                });
            }
            assertThat(server.stats().tradesEmitted()).isEqualTo(2L * perMarket);
            Thread.sleep(100);
            assertThat(client.drain()).as("silent after tradesPerMarket").isEmpty();
        }
    }

    @Test
    void everySubscribedSocketGetsTheSameGlobalStream() throws Exception {
        int perMarket = 20;
        try (SimulatorServer server = start(config().maxSocketsPerKey(2).tradesPerSecond(400)
                .tradesPerMarket(perMarket).replayOnSubscribe(perMarket));
             WebSocketTestClient first = connectWelcomed(server);
             WebSocketTestClient second = WebSocketTestClient.connect(server.uri(KEY))) {
            assertThat(JSON.readTree(second.next(WAIT).text()).get("SOCKETS_ACTIVE").asInt()).isEqualTo(2);
            first.send(CryptoCompareSubscriptions.subAdd(List.of(COINBASE_BTC_SUB)));
            second.send(CryptoCompareSubscriptions.subAdd(List.of(COINBASE_BTC_SUB)));

            List<String> firstIds = tradeIds(first, perMarket);
            List<String> secondIds = tradeIds(second, perMarket);

            assertThat(firstIds).isEqualTo(secondIds)
                    .isEqualTo(server.emittedTrades(COINBASE_BTC).stream().map(Trade::tradeId).toList());
            assertThat(server.markets()).containsExactly(COINBASE_BTC);
        }
    }

    private static List<String> tradeIds(WebSocketTestClient client, int count) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        while (ids.size() < count) {
            if (client.nextEvent(WAIT) instanceof FeedEvent.Trades trades) {
                trades.trades().forEach(trade -> ids.add(trade.tradeId()));
            }
        }
        return ids;
    }

    @Test
    void writesPricesAndSizesAsTheExactDecimalText() throws Exception {
        try (SimulatorServer server = start(config().tradesPerSecond(200).tradesPerMarket(5));
             WebSocketTestClient client = connectWelcomed(server)) {
            client.send(CryptoCompareSubscriptions.subAdd(List.of(COINBASE_BTC_SUB)));
            List<Frame> read = client.readUntil(FeedEvent.Trades.class::isInstance, WAIT);
            Frame tradeFrame = read.get(read.size() - 1);
            Trade trade = ((FeedEvent.Trades) tradeFrame.event()).trades().get(0);
            JsonNode json = JSON.readTree(tradeFrame.text());

            assertThat(tradeFrame.text())
                    .contains("\"P\":" + trade.price().toPlainString() + ",")
                    .contains("\"Q\":" + trade.quantity().toPlainString() + ",")
                    .contains("\"TOTAL\":" + trade.quoteVolume().toPlainString() + ",");
            assertThat(json.get("F").asText()).isIn("1", "2", "4");
            assertThat(json.get("RTS").asLong()).isEqualTo(json.get("TS").asLong());
            assertThat(trade.price()).isBetween(new BigDecimal("50000"), new BigDecimal("70000"));
        }
    }

    @Test
    void sameSeedGivesTheSameTradesAndAnotherSeedDifferentOnes() throws Exception {
        assertThat(tradeContents(7)).isEqualTo(tradeContents(7)).isNotEqualTo(tradeContents(8));
    }

    private static List<String> tradeContents(long seed) throws Exception {
        try (SimulatorServer server = start(config().seed(seed).tradesPerSecond(1000).tradesPerMarket(15));
             WebSocketTestClient client = connectWelcomed(server)) {
            client.send(CryptoCompareSubscriptions.subAdd(List.of(BINANCE_ETH_SUB)));
            await().atMost(WAIT).until(() -> server.emittedTrades().size() == 15);
            return server.emittedTrades().stream()
                    .map(t -> t.side() + " " + t.price() + " " + t.quantity() + " " + t.tradeId()).toList();
        }
    }

    @Test
    void stampsTradesTheConfiguredLagBehindTheWallClock() throws Exception {
        Duration lag = Duration.ofMinutes(2);
        try (SimulatorServer server = start(config().tradesPerSecond(1000).tradesPerMarket(5).eventTimeLag(lag));
             WebSocketTestClient client = connectWelcomed(server)) {
            Instant before = Instant.now();
            client.send(CryptoCompareSubscriptions.subAdd(List.of(BINANCE_ETH_SUB)));
            await().atMost(WAIT).until(() -> server.emittedTrades().size() == 5);
            Instant after = Instant.now();

            assertThat(server.emittedTrades()).extracting(Trade::eventTime)
                    .allSatisfy(time -> assertThat(time).isBetween(before.minus(lag), after.minus(lag)));
        }
    }

    @Test
    void replaysTheLatestTradesOnResubscribeAndAcknowledgesRemoval() throws Exception {
        int perMarket = 25;
        int replay = 20;
        try (SimulatorServer server = start(config().tradesPerSecond(500).tradesPerMarket(perMarket)
                .replayOnSubscribe(replay));
             WebSocketTestClient client = connectWelcomed(server)) {
            client.send(CryptoCompareSubscriptions.subAdd(List.of(COINBASE_BTC_SUB)));
            int trades = 0;
            boolean loaded = false;
            while (trades < perMarket || !loaded) {
                FeedEvent event = client.nextEvent(WAIT);
                trades += event instanceof FeedEvent.Trades ? 1 : 0;
                loaded |= event instanceof FeedEvent.LoadComplete;
            }

            client.send(CryptoCompareSubscriptions.subRemove(List.of(COINBASE_BTC_SUB)));
            assertThat(client.nextEvent(WAIT)).isEqualTo(new FeedEvent.Unsubscribed(COINBASE_BTC_SUB, null));
            assertThat(client.nextEvent(WAIT)).isEqualTo(new FeedEvent.Unsubscribed("*", "Removed 1 subs."));
            assertThat(server.stats().subscriptionsActive()).isZero();

            client.send(CryptoCompareSubscriptions.subAdd(List.of(COINBASE_BTC_SUB)));
            List<FeedEvent> events = client.readUntil(FeedEvent.LoadComplete.class::isInstance, WAIT).stream()
                    .map(Frame::event).toList();

            List<Trade> emitted = server.emittedTrades(COINBASE_BTC);
            assertThat(events).hasSize(replay + 2);
            assertThat(events.subList(0, replay)).allSatisfy(e -> assertThat(e).isInstanceOf(FeedEvent.Trades.class));
            assertThat(events.subList(0, replay).stream()
                    .map(e -> withReceiveTimeAtEventTime(((FeedEvent.Trades) e).trades().get(0))).toList())
                    .containsExactlyElementsOf(emitted.subList(perMarket - replay, perMarket));
            assertThat(events.subList(replay, replay + 2)).containsExactly(
                    new FeedEvent.Subscribed(COINBASE_BTC_SUB),
                    new FeedEvent.LoadComplete("All your valid subs have been loaded."));
        }
    }

    @Test
    void rejectsBadRequestsWith500() throws Exception {
        try (SimulatorServer server = start(config().replayOnSubscribe(0));
             WebSocketTestClient client = connectWelcomed(server)) {
            client.send("{not json");
            assertThat(client.nextEvent(WAIT)).isInstanceOfSatisfying(FeedEvent.Rejected.class,
                    r -> assertThat(r.reason()).isEqualTo("INVALID_JSON"));

            client.send(CryptoCompareSubscriptions.subAdd(List.of("nonsense", "5~CCCAGG~BTC~USD", COINBASE_BTC_SUB)));
            client.send(CryptoCompareSubscriptions.subAdd(List.of(COINBASE_BTC_SUB)));
            client.send(CryptoCompareSubscriptions.subRemove(List.of(BINANCE_ETH_SUB)));
            List<FeedEvent> control = new ArrayList<>();
            while (control.size() < 8) {
                control.addAll(controlEvents(List.of(client.next(WAIT))));
            }

            assertThat(control).extracting(SimulatorServerTest::summary).containsExactly(
                    "500 INVALID_SUB", "500 INVALID_SUB", "Subscribed", "LoadComplete",
                    "500 SUBSCRIPTION_ALREADY_ACTIVE", "LoadComplete",
                    "500 SUBSCRIPTION_UNRECOGNIZED", "Unsubscribed");
            assertThat(control.get(7)).isEqualTo(new FeedEvent.Unsubscribed("*", "Removed 0 subs."));
        }
    }

    @Test
    void sendsHeartbeatsAtTheIntervalAndStopsThemOnDemand() throws Exception {
        try (SimulatorServer server = start(config().heartbeatInterval(Duration.ofMillis(200)));
             WebSocketTestClient client = connectWelcomed(server)) {
            List<Instant> beats = new ArrayList<>();
            while (beats.size() < 4) {
                Frame frame = client.next(WAIT);
                if (frame.event() instanceof FeedEvent.Heartbeat heartbeat) {
                    assertThat(heartbeat.serverTime()).isNotNull();
                    beats.add(frame.receivedAt());
                }
            }
            long averageGapMillis = Duration.between(beats.get(0), beats.get(3)).toMillis() / 3;
            assertThat(averageGapMillis).isBetween(150L, 300L);

            server.stopHeartbeats();
            client.drain();
            Thread.sleep(600);
            assertThat(client.drain()).isEmpty();

            server.resumeHeartbeats();
            assertThat(client.nextEvent(WAIT)).isInstanceOf(FeedEvent.Heartbeat.class);
        }
    }

    @Test
    void dropsConnectionsAbruptlyOnDemand() throws Exception {
        try (SimulatorServer server = start(config());
             WebSocketTestClient client = connectWelcomed(server)) {
            client.send(CryptoCompareSubscriptions.subAdd(List.of(COINBASE_BTC_SUB)));
            client.readUntil(FeedEvent.LoadComplete.class::isInstance, WAIT);

            assertThat(server.dropAllConnections()).isEqualTo(1);

            assertThat(client.awaitEnding(WAIT).abrupt()).as("ended without a close frame").isTrue();
            await().atMost(WAIT).until(() -> server.stats().connectionsOpen() == 0
                    && server.stats().subscriptionsActive() == 0);
        }
    }

    @Test
    void deliversMalformedAndUnknownFramesAndForcesDisconnects() throws Exception {
        try (SimulatorServer server = start(config());
             WebSocketTestClient client = connectWelcomed(server)) {
            assertThat(server.sendMalformedFrames(3)).isEqualTo(1);
            List<FeedEvent> malformed = List.of(client.nextEvent(WAIT), client.nextEvent(WAIT), client.nextEvent(WAIT));
            assertThat(malformed).allSatisfy(e -> assertThat(e).isInstanceOf(FeedEvent.Malformed.class));
            assertThat(((FeedEvent.Malformed) malformed.get(1)).reason()).isEqualTo("trade without ID");

            server.sendUnknownTypeFrame();
            assertThat(client.nextEvent(WAIT)).isEqualTo(new FeedEvent.Unhandled("2"));

            assertThat(server.forceDisconnectAll()).isEqualTo(1);
            assertThat(client.nextEvent(WAIT)).isInstanceOfSatisfying(FeedEvent.Rejected.class, r -> {
                assertThat(r.code()).isEqualTo(500);
                assertThat(r.reason()).isEqualTo("FORCE_DISCONNECT");
            });
            assertThat(client.awaitEnding(WAIT).abrupt()).isFalse();
        }
    }

    @Test
    void aStalledConnectionStaysOpenButReceivesNothingWhileANewOneStreams() throws Exception {
        try (SimulatorServer server = start(config().maxSocketsPerKey(2).tradesPerSecond(100)
                .heartbeatInterval(Duration.ofMillis(100)));
             WebSocketTestClient stalled = connectWelcomed(server)) {
            stalled.send(CryptoCompareSubscriptions.subAdd(List.of(COINBASE_BTC_SUB)));
            stalled.readUntil(FeedEvent.LoadComplete.class::isInstance, WAIT);

            assertThat(server.stallAllConnections()).isEqualTo(1);
            Thread.sleep(100);
            stalled.drain();
            Thread.sleep(500);

            assertThat(stalled.drain()).as("nothing after the stall").isEmpty();
            assertThat(stalled.ended()).isFalse();
            assertThat(server.stats().connectionsOpen()).isEqualTo(1);
            try (WebSocketTestClient fresh = connectWelcomed(server)) {
                fresh.send(CryptoCompareSubscriptions.subAdd(List.of(COINBASE_BTC_SUB)));
                fresh.readUntil(FeedEvent.Trades.class::isInstance, WAIT);
            }
        }
    }

    @Test
    void stopTradingLeavesTheEmittedTradesFinalAndEveryOneDelivered() throws Exception {
        try (SimulatorServer server = start(config().tradesPerSecond(500).replayOnSubscribe(0));
             WebSocketTestClient client = connectWelcomed(server)) {
            client.send(CryptoCompareSubscriptions.subAdd(List.of(COINBASE_BTC_SUB)));
            client.readUntil(FeedEvent.Trades.class::isInstance, WAIT);
            Thread.sleep(300);

            server.stopTrading();
            List<Trade> emitted = server.emittedTrades(COINBASE_BTC);
            Thread.sleep(300);

            assertThat(server.emittedTrades(COINBASE_BTC)).isEqualTo(emitted);
            List<Trade> received = new ArrayList<>();
            String lastId = emitted.get(emitted.size() - 1).tradeId();
            while (received.isEmpty() || !received.get(received.size() - 1).tradeId().equals(lastId)) {
                if (client.nextEvent(WAIT) instanceof FeedEvent.Trades trades) {
                    trades.trades().forEach(trade -> received.add(withReceiveTimeAtEventTime(trade)));
                }
            }
            assertThat(emitted).endsWith(received.toArray(Trade[]::new));
            assertThat(client.drain()).noneMatch(frame -> frame.event() instanceof FeedEvent.Trades);
            assertThat(client.ended()).isFalse();
        }
    }

    @Test
    void closeOnItsOwnActorSystemClosesClientsAndFreesThePort() throws Exception {
        SimulatorServer server = SimulatorServer.start(config().build());
        int port = server.port();
        WebSocketTestClient client = connectWelcomed(server);

        server.close();

        client.awaitEnding(WAIT);
        try (SimulatorServer again = start(config().port(port))) {
            assertThat(again.port()).isEqualTo(port);
        }
    }

    private static List<FeedEvent> controlEvents(List<Frame> frames) {
        return frames.stream().map(Frame::event)
                .filter(e -> !(e instanceof FeedEvent.Trades) && !(e instanceof FeedEvent.Heartbeat)).toList();
    }

    private static String summary(FeedEvent event) {
        return event instanceof FeedEvent.Rejected r ? r.code() + " " + r.reason() : event.getClass().getSimpleName();
    }

    /** The simulator stamps receive time = event time; the client stamps its own. */
    private static Trade withReceiveTimeAtEventTime(Trade t) {
        return new Trade(t.exchange(), t.base(), t.quote(), t.side(), t.price(), t.quantity(), t.quoteVolume(),
                t.tradeId(), t.eventTime(), t.eventTime());
    }
}
