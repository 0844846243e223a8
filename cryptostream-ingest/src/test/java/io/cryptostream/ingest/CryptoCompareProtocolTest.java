package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.feed.FeedEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CryptoCompareProtocolTest {

    private static final String KEY = "k3y-0f-the-test";
    private final IngestSettings settings = IngestSettings.builder()
            .url("wss://streamer.example/v2?api_key=" + KEY).apiKey(ApiKey.of(KEY)).build();
    private final CryptoCompareProtocol protocol = new CryptoCompareProtocol(settings);

    @Test
    void subscribesTheWatchlistAfterTheWelcome() {
        assertThat(protocol.subscribesAfterWelcome()).isTrue();
        assertThat(protocol.subscribeFrames()).containsExactly("{\"action\":\"SubAdd\",\"subs\":[\"0~Coinbase~BTC~USD\","
                + "\"0~Binance~BTC~USDT\",\"0~Kraken~BTC~USD\",\"0~CoinDeal~BTC~USD\",\"0~Gemini~BTC~USD\"]}");
        assertThat(protocol.unsubscribeFrames()).singleElement().asString().startsWith("{\"action\":\"SubRemove\"");
        assertThat(protocol.expectedUnsubscribeAcks()).isEqualTo(5);
    }

    @Test
    void aRefusedKeyEndsTheRunNamingTheEnvironmentVariableButNotTheKey() {
        ServerReaction reaction = protocol.onRejected(new FeedEvent.Rejected(401, "UNAUTHORIZED",
                "The api_key " + KEY + " is not valid."));
        assertThat(reaction).isInstanceOf(ServerReaction.Fail.class);
        String message = ((ServerReaction.Fail) reaction).error().getMessage();
        assertThat(message).startsWith("CryptoCompare refused the API key (401 UNAUTHORIZED: ")
                .contains("CRYPTOCOMPARE_API_KEY", "--api-key-file").doesNotContain(KEY);
        assertThat(protocol.onUpgradeRefused(401, "Unauthorized")).isInstanceOf(ServerReaction.Fail.class);
    }

    @Test
    void tooManySocketsHoldsOffAtLeastTheRateLimitWait() {
        for (String reason : List.of("RATE_LIMIT_OPENING_SOCKETS_TOO_FAST", "TOO_MANY_SOCKETS_MAX_1_PER_CLIENT")) {
            ServerReaction reaction = protocol.onRejected(new FeedEvent.Rejected(429, reason, "slow down"));
            assertThat(reaction).isInstanceOfSatisfying(ServerReaction.Reconnect.class, r -> {
                assertThat(r.atLeast()).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
                assertThat(r.logMessage()).contains(reason);
            });
        }
        assertThat(protocol.onRejected(new FeedEvent.Rejected(429, "TOO_MANY_SUBSCRIPTIONS_MAX_600_PER_SOCKET", null)))
                .isInstanceOf(ServerReaction.Continue.class);
    }

    @Test
    void forceDisconnectReconnectsAndOtherErrorsAreLogged() {
        assertThat(protocol.onRejected(new FeedEvent.Rejected(500, "FORCE_DISCONNECT", "bye")))
                .isInstanceOfSatisfying(ServerReaction.Reconnect.class, r -> assertThat(r.atLeast()).isZero());
        assertThat(protocol.onRejected(new FeedEvent.Rejected(500, "INVALID_SUB", "0~Nope")))
                .isInstanceOf(ServerReaction.Continue.class);
    }

    @Test
    void findsTheMarketOfABrokenTradeFrame() {
        assertThat(protocol.marketOf("{\"TYPE\":\"0\",\"M\":\"Coinbase\",\"FSYM\":\"BTC\",\"TSYM\":\"USD\",\"ID\":\"1"))
                .contains(new Market("Coinbase", "BTC", "USD"));
        assertThat(protocol.marketOf("not json")).isEmpty();
        assertThat(protocol.marketOf("{\"TYPE\":\"0\",\"M\":\"Coinbase\"}")).isEmpty();
    }

    @Test
    void settingsNeverPrintTheKey() {
        assertThat(settings.toString()).doesNotContain(KEY).contains("wss://streamer.example/v2?…");
        assertThat(settings.urlForLogs()).isEqualTo("wss://streamer.example/v2?…");
        assertThat(ApiKey.of(KEY).toString()).doesNotContain(KEY);
        assertThat(ApiKey.of(KEY).redact("key=" + KEY)).isEqualTo("key=***");
    }
}
