package io.cryptostream.exchange.binance;

import io.cryptostream.domain.Market;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BinanceSubscriptionsTest {

    private static final Market BTC = new Market("Binance", "BTC", "USDT");
    private static final Market ETH = new Market("Binance", "ETH", "USDT");

    @Test
    void buildsTheDocumentedRequestsWithOneFixedIdPerKind() {
        assertThat(BinanceSubscriptions.subscribe(List.of(BTC, ETH)))
                .isEqualTo("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\",\"ethusdt@trade\"],\"id\":1}");
        assertThat(BinanceSubscriptions.unsubscribe(List.of(BTC)))
                .isEqualTo("{\"method\":\"UNSUBSCRIBE\",\"params\":[\"btcusdt@trade\"],\"id\":2}");
        assertThat(BinanceSubscriptions.listSubscriptions()).isEqualTo("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":3}");
    }

    @Test
    void tradeStreamsRoundTrip() {
        assertThat(BinanceSubscriptions.tradeStream(BTC)).isEqualTo("btcusdt@trade");
        assertThat(BinanceSubscriptions.tradeStreamMarket("Binance", "btcusdt@trade")).contains(BTC);
        assertThat(BinanceSubscriptions.tradeStreamMarket("Binance", "btcusdt@aggTrade")).isEmpty();
        assertThat(BinanceSubscriptions.tradeStreamMarket("Binance", "BTCUSDT@trade")).as("names are lower case").isEmpty();
        assertThat(BinanceSubscriptions.tradeStreamMarket("Binance", "foobar@trade")).isEqualTo(Optional.empty());
    }

    @Test
    void refusesEmptyOversizedAndUnwritableRequests() {
        assertThatThrownBy(() -> BinanceSubscriptions.subscribe(List.of())).hasMessageContaining("at least one market");
        assertThatThrownBy(() -> BinanceSubscriptions.subscribe(Collections.nCopies(1025, BTC)))
                .hasMessageContaining("at most 1024 streams");
        assertThatThrownBy(() -> BinanceSubscriptions.subscribe(List.of(new Market("Binance", "BTC\"", "USDT"))))
                .hasMessageContaining("letters and digits");
    }
}
