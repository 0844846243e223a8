package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.exchange.kraken.KrakenSymbols;
import io.cryptostream.feed.FeedEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KrakenProtocolTest {

    private static final Market BTC_USD = new Market("Kraken", "BTC", "USD");
    private final IngestSettings settings = KrakenProtocol.settings()
            .markets(List.of(KrakenSymbols.market("XBT/USD"), KrakenSymbols.market("ETH-EUR"))).build();
    private final KrakenProtocol protocol = new KrakenProtocol(settings);

    @Test
    void defaultsToThePublicV2EndpointWithoutCredentials() {
        IngestSettings defaults = KrakenProtocol.settings().build();
        assertThat(defaults.url()).hasToString("wss://ws.kraken.com/v2");
        assertThat(defaults.markets()).allSatisfy(m -> assertThat(m.exchange()).isEqualTo("Kraken"));
        assertThat(protocol.handshake().asScala().uri().toString()).isEqualTo("wss://ws.kraken.com/v2");
        assertThat(protocol.handshake().asScala().extraHeaders().isEmpty()).as("no credential headers").isTrue();
        assertThat(protocol.venue()).isEqualTo("Kraken");
        assertThat(protocol.redact("anything")).isEqualTo("anything");
    }

    @Test
    void subscribesTheWholeWatchlistAtOnceWithoutWaitingForTheStatus() {
        assertThat(protocol.subscribesAfterWelcome()).isFalse();
        assertThat(protocol.subscribeFrames()).containsExactly(
                "{\"method\":\"subscribe\",\"params\":{\"channel\":\"trade\",\"symbol\":[\"BTC/USD\",\"ETH/EUR\"]}}");
        assertThat(protocol.unsubscribeFrames()).containsExactly(
                "{\"method\":\"unsubscribe\",\"params\":{\"channel\":\"trade\",\"symbol\":[\"BTC/USD\",\"ETH/EUR\"]}}");
        assertThat(protocol.expectedUnsubscribeAcks()).isEqualTo(2);
    }

    @Test
    void pingsEveryHeartbeatIntervalHasSequentialIdsAndNoAgeLimit() {
        assertThat(protocol.clientPing()).hasValueSatisfying(ping -> {
            assertThat(ping.frame()).isEqualTo("{\"method\":\"ping\",\"req_id\":1}");
            assertThat(ping.interval()).isEqualTo(Duration.ofSeconds(5));
        });
        assertThat(protocol.sequentialTradeIds()).isTrue();
        assertThat(protocol.maxConnectionAge()).isEmpty();
    }

    @Test
    void rateLimitsReconnectAfterTheWaitOtherErrorsKeepTheSocket() {
        assertThat(protocol.onRejected(new FeedEvent.Rejected(0, "Exceeded msg rate", "method subscribe")))
                .isInstanceOfSatisfying(ServerReaction.Reconnect.class, r -> {
                    assertThat(r.atLeast()).isEqualTo(settings.rateLimitedWait());
                    assertThat(r.logMessage()).contains("Exceeded msg rate");
                });
        assertThat(protocol.onRejected(new FeedEvent.Rejected(0, "Currency pair not supported XLM/GBP", "method subscribe, symbol XLM/GBP")))
                .isInstanceOfSatisfying(ServerReaction.Continue.class, c -> assertThat(c.logMessage()).contains("XLM/GBP"));
        assertThat(protocol.onRejected(new FeedEvent.Rejected(0, "Already subscribed", null)))
                .isInstanceOf(ServerReaction.Continue.class);
    }

    @Test
    void refusedUpgradesWaitOnRateLimitsAndFailOnAWrongUrl() {
        assertThat(protocol.onUpgradeRefused(429, "Too Many Requests"))
                .isInstanceOfSatisfying(ServerReaction.Reconnect.class, r -> assertThat(r.atLeast()).isEqualTo(settings.rateLimitedWait()));
        assertThat(protocol.onUpgradeRefused(403, "Forbidden")).isInstanceOf(ServerReaction.Reconnect.class);
        assertThat(protocol.onUpgradeRefused(503, "Service Unavailable"))
                .isInstanceOfSatisfying(ServerReaction.Reconnect.class, r -> assertThat(r.atLeast()).isZero());
        assertThat(protocol.onUpgradeRefused(404, "Not Found")).isInstanceOfSatisfying(ServerReaction.Fail.class,
                f -> assertThat(f.error().getMessage()).contains("wss://ws.kraken.com/v2"));
    }

    @Test
    void findsThePairOfBrokenV1AndV2Frames() {
        assertThat(protocol.marketOf("{\"channel\":\"trade\",\"data\":[{\"symbol\":\"BTC/USD\",\"side\":\"buy\",\"price\":6"))
                .contains(BTC_USD);
        assertThat(protocol.marketOf("[1,[[\"1.0\",\"lots\",\"1618678150.826417\",\"b\",\"l\",\"\"]],\"trade\",\"XBT/USD\"]"))
                .contains(BTC_USD);
        assertThat(protocol.marketOf("not json")).isEmpty();
        assertThat(protocol.marketOf("{\"symbol\":\"BTCUSD\"}")).isEmpty();
    }
}
