package io.cryptostream.exchange.cryptocompare;

import io.cryptostream.domain.Market;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CryptoCompareSubscriptionsTest {

    @Test
    void buildsTheDocumentedRequests() {
        assertThat(CryptoCompareSubscriptions.subAdd(List.of("0~Coinbase~BTC~USD", "0~Binance~BTC~USDT")))
                .isEqualTo("{\"action\":\"SubAdd\",\"subs\":[\"0~Coinbase~BTC~USD\",\"0~Binance~BTC~USDT\"]}");
        assertThat(CryptoCompareSubscriptions.subRemove(List.of("0~Coinbase~BTC~USD")))
                .isEqualTo("{\"action\":\"SubRemove\",\"subs\":[\"0~Coinbase~BTC~USD\"]}");
    }

    @Test
    void tradeSubsRoundTrip() {
        Market market = CryptoCompareSubscriptions.parseTradeSub("0~Kraken~BTC~USD");
        assertThat(market).isEqualTo(new Market("Kraken", "BTC", "USD"));
        assertThat(CryptoCompareSubscriptions.tradeSub(market)).isEqualTo("0~Kraken~BTC~USD");
        assertThat(CryptoCompareSubscriptions.DEFAULT_WATCHLIST).allSatisfy(CryptoCompareSubscriptions::parseTradeSub);
    }

    @Test
    void rejectsNonTradeSubsWithAnExample() {
        assertThatThrownBy(() -> CryptoCompareSubscriptions.parseTradeSub("5~CCCAGG~BTC~USD"))
                .hasMessageContaining("expected 0~EXCHANGE~BASE~QUOTE");
        assertThatThrownBy(() -> CryptoCompareSubscriptions.parseTradeSub("0~Coinbase~BTC"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
