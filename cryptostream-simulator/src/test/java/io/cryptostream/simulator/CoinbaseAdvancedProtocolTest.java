package io.cryptostream.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.coinbase.CoinbaseAdvancedCodec;
import io.cryptostream.exchange.coinbase.CoinbaseAdvancedSubscriptions;
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

/** The Coinbase Advanced Trade simulator as a plain WebSocket client sees it, decoded by the production codec. */
class CoinbaseAdvancedProtocolTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Market BTC = CoinbaseSymbols.market("BTC-USD");
    private static final Market ETH = CoinbaseSymbols.market("ETH-USD");
    private static final CoinbaseAdvancedCodec CODEC = new CoinbaseAdvancedCodec();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestActorSystem system = new TestActorSystem();

    private static SimulatorServer start(SimulatorConfig.Builder config) {
        return system.start(config.protocol(new CoinbaseAdvancedProtocol()).replayOnSubscribe(0).build());
    }

    private static FeedEvent decode(Frame frame) {
        return CODEC.decode(frame.text(), frame.receivedAt());
    }

    @Test
    void acknowledgesEachChannelWithTheSocketsSubscriptionsAndStreamsTheEmittedTrades() throws Exception {
        int perMarket = 25;
        try (SimulatorServer server = start(SimulatorConfig.builder().tradesPerSecond(250).tradesPerMarket(perMarket));
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            List<String> requests = CoinbaseAdvancedSubscriptions.subscribe(List.of(BTC, ETH));
            client.send(requests.get(0));
            client.send(requests.get(1));

            List<FeedEvent> acks = new ArrayList<>();
            List<Trade> received = new ArrayList<>();
            while (received.size() < 2 * perMarket || acks.size() < 2) {
                Frame frame = client.next(WAIT);
                FeedEvent event = decode(frame);
                if (event instanceof FeedEvent.Trades trades) {
                    JsonNode envelope = JSON.readTree(frame.text());
                    assertThat(envelope.get("channel").asText()).isEqualTo("market_trades");
                    assertThat(envelope.at("/events/0/trades/0/trade_id").isTextual()).isTrue();
                    assertThat(envelope.at("/events/0/trades/0/side").asText()).isIn("BUY", "SELL");
                    trades.trades().forEach(t -> received.add(new Trade(t.exchange(), t.base(), t.quote(), t.side(),
                            t.price(), t.quantity(), t.quoteVolume(), t.tradeId(), t.eventTime(), t.eventTime())));
                } else if (event instanceof FeedEvent.Subscribed) {
                    acks.add(event);
                }
            }

            assertThat(acks).containsExactly(new FeedEvent.Subscribed("market_trades: BTC-USD, ETH-USD"),
                    new FeedEvent.Subscribed("market_trades: BTC-USD, ETH-USD; heartbeats: heartbeats"));
            for (Market market : List.of(BTC, ETH)) {
                assertThat(received.stream().filter(t -> t.market().equals(market)).toList())
                        .containsExactlyElementsOf(server.emittedTrades(market)).hasSize(perMarket);
            }
        }
    }

    @Test
    void refusesSeveralChannelsInOneMessageAndUnsubscribesToNothing() throws Exception {
        try (SimulatorServer server = start(SimulatorConfig.builder().tradesPerSecond(1));
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            client.send("{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\"],\"channels\":[\"market_trades\",\"heartbeats\"]}");
            assertThat(decode(next(client))).isInstanceOfSatisfying(FeedEvent.Rejected.class,
                    r -> assertThat(r.reason()).startsWith("one channel per message"));
            client.send("{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\"],\"channel\":\"level3\"}");
            assertThat(decode(next(client))).isEqualTo(new FeedEvent.Rejected(0, "unknown channel 'level3'", null));

            for (String request : CoinbaseAdvancedSubscriptions.subscribe(List.of(BTC))) {
                client.send(request);
            }
            assertThat(decode(next(client))).isInstanceOf(FeedEvent.Subscribed.class);
            assertThat(decode(next(client))).isInstanceOf(FeedEvent.Subscribed.class);

            for (String request : CoinbaseAdvancedSubscriptions.unsubscribe(List.of(BTC))) {
                client.send(request);
            }
            assertThat(decode(next(client))).isEqualTo(new FeedEvent.Subscribed("heartbeats: heartbeats"));
            assertThat(decode(next(client))).isEqualTo(new FeedEvent.Unsubscribed("*", "no subscriptions left"));
            assertThat(server.stats().subscriptionsActive()).isZero();
        }
    }

    @Test
    void heartbeatsCarryACounterAndDecodeAtTheEnvelopeTimestamp() throws Exception {
        try (SimulatorServer server = start(SimulatorConfig.builder().heartbeatInterval(Duration.ofMillis(100)));
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            client.send(CoinbaseAdvancedSubscriptions.subscribe(List.of(BTC)).get(1));
            Frame first = nextOf(client, FeedEvent.Heartbeat.class);
            Frame second = nextOf(client, FeedEvent.Heartbeat.class);

            JsonNode beat = JSON.readTree(second.text());
            assertThat(beat.get("channel").asText()).isEqualTo("heartbeats");
            assertThat(beat.at("/events/0/heartbeat_counter").asLong())
                    .isEqualTo(JSON.readTree(first.text()).at("/events/0/heartbeat_counter").asLong() + 1);
            assertThat(beat.at("/events/0/current_time").asText())
                    .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{9}\\+00:00");
            assertThat(decode(second)).isEqualTo(new FeedEvent.Heartbeat(Instant.parse(beat.get("timestamp").asText())));
        }
    }

    /** The next frame that is not a trade. */
    private static Frame next(WebSocketTestClient client) throws InterruptedException {
        return nextOf(client, FeedEvent.class);
    }

    private static Frame nextOf(WebSocketTestClient client, Class<? extends FeedEvent> kind) throws InterruptedException {
        while (true) {
            Frame frame = client.next(WAIT);
            FeedEvent event = decode(frame);
            if (kind.isInstance(event) && !(event instanceof FeedEvent.Trades)) {
                return frame;
            }
        }
    }
}
