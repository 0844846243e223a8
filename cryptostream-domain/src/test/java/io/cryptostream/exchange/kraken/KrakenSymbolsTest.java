package io.cryptostream.exchange.kraken;

import io.cryptostream.domain.Market;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KrakenSymbolsTest {

    private static final Market BTC_USD = new Market("Kraken", "BTC", "USD");

    @Test
    void acceptsV1V2AndBaseQuoteNotation() {
        assertThat(KrakenSymbols.market("XBT/USD")).isEqualTo(BTC_USD);
        assertThat(KrakenSymbols.market("BTC/USD")).isEqualTo(BTC_USD);
        assertThat(KrakenSymbols.market("BTC-USD")).isEqualTo(BTC_USD);
        assertThat(KrakenSymbols.market(" xbt/usd ")).isEqualTo(BTC_USD);
        assertThat(KrakenSymbols.market("XDG/XBT")).isEqualTo(new Market("Kraken", "DOGE", "BTC"));
        assertThat(KrakenSymbols.market("KSM/XBT")).isEqualTo(new Market("Kraken", "KSM", "BTC"));
        assertThat(KrakenSymbols.market("OCEAN/XBT").symbol()).isEqualTo("OCEAN-BTC");
        assertThat(KrakenSymbols.market("USDT/USD")).isEqualTo(new Market("Kraken", "USDT", "USD"));
    }

    @Test
    void writesEachVersionsNotation() {
        Market dogeBtc = new Market("Kraken", "DOGE", "BTC");
        assertThat(KrakenSymbols.v2Pair(BTC_USD)).isEqualTo("BTC/USD");
        assertThat(KrakenSymbols.v1Pair(BTC_USD)).isEqualTo("XBT/USD");
        assertThat(KrakenSymbols.v1Pair(dogeBtc)).isEqualTo("XDG/XBT");
        assertThat(KrakenSymbols.v2Pair(dogeBtc)).isEqualTo("DOGE/BTC");
        assertThat(KrakenSymbols.market(KrakenSymbols.v1Pair(dogeBtc))).isEqualTo(dogeBtc);
        assertThat(KrakenSymbols.market(KrakenSymbols.v2Pair(dogeBtc))).isEqualTo(dogeBtc);
    }

    @Test
    void refusesPairsWithoutASeparatorNamingTheInput() {
        for (String bad : new String[] {"XBTUSD", "XXBTZUSD", "/USD", "BTC/", "BTC/USD/EUR", "BTC-USD-EUR", ""}) {
            assertThatThrownBy(() -> KrakenSymbols.market(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> KrakenSymbols.market(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
