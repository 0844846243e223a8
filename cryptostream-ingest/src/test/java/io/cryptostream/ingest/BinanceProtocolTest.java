package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.exchange.binance.BinanceVenue;
import io.cryptostream.feed.FeedEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BinanceProtocolTest {

    private static final Market BTC = new Market("Binance", "BTC", "USDT");
    private static final Market ETH = new Market("Binance", "ETH", "BTC");
    private final IngestSettings settings = BinanceProtocol.settings(BinanceVenue.SPOT, List.of(BTC, ETH)).build();
    private final BinanceProtocol protocol = new BinanceProtocol(BinanceVenue.SPOT, settings);

    @Test
    void subscribesEveryMarketInOneFrameAsSoonAsTheSocketOpens() {
        assertThat(settings.url().toString()).isEqualTo("wss://stream.binance.com:9443/stream");
        assertThat(protocol.venue()).isEqualTo("Binance");
        assertThat(protocol.subscribesAfterWelcome()).isFalse();
        assertThat(protocol.subscribeFrames())
                .containsExactly("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\",\"ethbtc@trade\"],\"id\":1}");
        assertThat(protocol.unsubscribeFrames())
                .containsExactly("{\"method\":\"UNSUBSCRIBE\",\"params\":[\"btcusdt@trade\",\"ethbtc@trade\"],\"id\":2}");
        assertThat(protocol.expectedUnsubscribeAcks()).isEqualTo(1);
        assertThat(protocol.handshake().asScala().extraHeaders().isEmpty()).as("no credentials").isTrue();
    }

    @Test
    void pingsWithListSubscriptionsAndCyclesTheConnectionBefore24Hours() {
        assertThat(protocol.clientPing()).contains(new VenueProtocol.ClientPing(
                "{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":3}", Duration.ofSeconds(30)));
        assertThat(protocol.codec().decode("{\"result\":[\"btcusdt@trade\"],\"id\":3}", Instant.EPOCH))
                .as("the ping's answer is a heartbeat").isEqualTo(new FeedEvent.Heartbeat(null));
        assertThat(protocol.maxConnectionAge()).contains(Duration.ofHours(23));
        assertThat(protocol.sequentialTradeIds()).isTrue();
    }

    @Test
    void usdmFuturesConnectToTheMarketStreamsPathThatReplacedTheRetiredOne() {
        assertThat(BinanceProtocol.settings(BinanceVenue.USDM_FUTURES, List.of(new Market("BinanceFutures", "BTC", "USDT")))
                .build().url().toString()).isEqualTo("wss://fstream.binance.com/market/stream");
    }

    @Test
    void aRefusedSubscriptionEndsTheRunOtherRefusalsAreLogged() {
        assertThat(protocol.onRejected(new FeedEvent.Rejected(2, "INVALID_REQUEST", "Invalid request: bad (request id 1)")))
                .isInstanceOfSatisfying(ServerReaction.Fail.class, f -> assertThat(f.error().getMessage())
                        .startsWith("Binance refused the subscription to 2 trade streams (2 INVALID_REQUEST: ")
                        .contains("Binance:BTC-USDT"));
        assertThat(protocol.onRejected(new FeedEvent.Rejected(2, "INVALID_REQUEST", "Invalid request: x (request id 3)")))
                .isInstanceOf(ServerReaction.Continue.class);
        assertThat(protocol.onRejected(new FeedEvent.Rejected(3, "INVALID_JSON", "Invalid JSON")))
                .isInstanceOf(ServerReaction.Continue.class);
    }

    @Test
    void upgradeRefusalsHoldOffOrEndTheRun() {
        for (int status : List.of(429, 418, 403)) {
            assertThat(protocol.onUpgradeRefused(status, "")).isInstanceOfSatisfying(ServerReaction.Reconnect.class,
                    r -> assertThat(r.atLeast()).isEqualTo(settings.rateLimitedWait()));
        }
        assertThat(protocol.onUpgradeRefused(451, "Unavailable For Legal Reasons")).isInstanceOf(ServerReaction.Fail.class);
        assertThat(protocol.onUpgradeRefused(502, "Bad Gateway")).isInstanceOfSatisfying(ServerReaction.Reconnect.class,
                r -> assertThat(r.atLeast()).isZero());
    }

    @Test
    void findsTheMarketOfABrokenFrame() {
        assertThat(protocol.marketOf("{\"stream\":\"ethbtc@trade\",\"data\":{\"e\":\"trade\",\"s\":\"ETHBTC\",\"t\":1"))
                .contains(ETH);
        assertThat(protocol.marketOf("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"tr")).contains(BTC);
        assertThat(protocol.marketOf("not json")).isEmpty();
        assertThat(protocol.marketOf("{\"result\":null,\"id\":1}")).isEmpty();
    }

    @Test
    void refusesMarketsOfAnotherExchange() {
        IngestSettings spotMarkets = BinanceProtocol.settings(BinanceVenue.USDM_FUTURES, List.of(BTC)).build();
        assertThatThrownBy(() -> new BinanceProtocol(BinanceVenue.USDM_FUTURES, spotMarkets))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Binance:BTC-USDT is not a BinanceFutures market");
    }
}
