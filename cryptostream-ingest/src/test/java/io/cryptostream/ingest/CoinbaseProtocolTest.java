package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.feed.FeedEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoinbaseProtocolTest {

    private final IngestSettings settings = CoinbaseProtocol.defaultSettings().build();
    private final CoinbaseProtocol exchange = new CoinbaseProtocol(settings);
    private final CoinbaseAdvancedProtocol advanced = new CoinbaseAdvancedProtocol(CoinbaseAdvancedProtocol.defaultSettings().build());

    @Test
    void exchangeSubscribesMatchesAndHeartbeatOnOpen() {
        assertThat(exchange.venue()).isEqualTo("Coinbase");
        assertThat(exchange.urlForLogs()).isEqualTo("wss://ws-feed.exchange.coinbase.com");
        assertThat(exchange.handshake().asScala().extraHeaders().isEmpty()).as("no credentials").isTrue();
        assertThat(exchange.subscribesAfterWelcome()).as("Coinbase sends no greeting").isFalse();
        assertThat(exchange.subscribeFrames()).containsExactly(
                "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-USD\"],\"channels\":[\"matches\",\"heartbeat\"]}");
        assertThat(exchange.unsubscribeFrames()).singleElement().asString().startsWith("{\"type\":\"unsubscribe\"");
        assertThat(exchange.expectedUnsubscribeAcks()).isEqualTo(1);
    }

    @Test
    void advancedTradeSubscribesOneChannelPerMessage() {
        assertThat(advanced.urlForLogs()).isEqualTo("wss://advanced-trade-ws.coinbase.com");
        assertThat(advanced.subscribesAfterWelcome()).isFalse();
        assertThat(advanced.subscribeFrames()).containsExactly(
                "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-USD\"],\"channel\":\"market_trades\"}",
                "{\"type\":\"subscribe\",\"channel\":\"heartbeats\"}");
        assertThat(advanced.expectedUnsubscribeAcks()).isEqualTo(2);
    }

    @Test
    void hooks() {
        assertThat(exchange.clientPing()).as("the heartbeat channel proves liveness").isEmpty();
        assertThat(exchange.maxConnectionAge()).isEmpty();
        assertThat(exchange.sequentialTradeIds()).isTrue();
        assertThat(advanced.clientPing()).isEmpty();
        assertThat(advanced.maxConnectionAge()).isEmpty();
        assertThat(advanced.sequentialTradeIds()).as("batch order undocumented").isFalse();
        assertThat(settings.staleAfter()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aFailedSubscriptionEndsTheRunOtherErrorsAreLogged() {
        ServerReaction failed = exchange.onRejected(new FeedEvent.Rejected(0, "Failed to subscribe", "BTC-XYZ is not a valid product"));
        assertThat(failed).isInstanceOfSatisfying(ServerReaction.Fail.class, f -> assertThat(f.error().getMessage())
                .startsWith("Coinbase refused the subscription to [BTC-USD, ETH-USD] (Failed to subscribe: BTC-XYZ is not a valid product)")
                .contains("e.g. BTC-USD"));
        assertThat(exchange.onRejected(new FeedEvent.Rejected(0, "Connection closed", "bye")))
                .isEqualTo(new ServerReaction.Continue("Coinbase reported an error (Connection closed: bye)"));
        assertThat(advanced.onRejected(new FeedEvent.Rejected(0, "failure to subscribe", null)))
                .isEqualTo(new ServerReaction.Continue("Coinbase Advanced Trade reported an error (failure to subscribe)"));
    }

    @Test
    void aRateLimitedUpgradeWaitsOthersReconnect() {
        assertThat(exchange.onUpgradeRefused(429, "Too Many Requests")).isInstanceOfSatisfying(ServerReaction.Reconnect.class,
                r -> assertThat(r.atLeast()).isEqualTo(settings.rateLimitedWait()));
        assertThat(advanced.onUpgradeRefused(503, "Service Unavailable")).isInstanceOfSatisfying(ServerReaction.Reconnect.class,
                r -> assertThat(r.atLeast()).isZero());
    }

    @Test
    void findsTheMarketOfABrokenFrame() {
        assertThat(exchange.marketOf("{\"type\":\"match\",\"trade_id\":1,\"product_id\":\"BTC-USD\",\"size\":\"0."))
                .contains(new Market("Coinbase", "BTC", "USD"));
        assertThat(advanced.marketOf("{\"channel\":\"market_trades\",\"events\":[{\"trades\":[{\"product_id\": \"ETH-USD\",\"pr"))
                .contains(new Market("Coinbase", "ETH", "USD"));
        assertThat(exchange.marketOf("not json")).isEmpty();
        assertThat(exchange.marketOf("{\"product_id\":\"BTCUSD\"}")).isEmpty();
    }

    @Test
    void refusesAWatchlistWithOtherVenues() {
        IngestSettings mixed = settings.toBuilder().markets(List.of(new Market("Binance", "BTC", "USDT"))).build();
        assertThatThrownBy(() -> new CoinbaseProtocol(mixed)).hasMessageContaining("Binance:BTC-USDT is not on Coinbase");
        assertThatThrownBy(() -> new CoinbaseAdvancedProtocol(mixed)).isInstanceOf(IllegalArgumentException.class);
    }
}
