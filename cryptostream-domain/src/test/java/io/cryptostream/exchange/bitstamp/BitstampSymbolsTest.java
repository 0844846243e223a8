package io.cryptostream.exchange.bitstamp;

import io.cryptostream.domain.Market;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BitstampSymbolsTest {

    private static Market bitstamp(String base, String quote) {
        return new Market("Bitstamp", base, quote);
    }

    @Test
    void splitsPairsAtTheLongestQuoteSuffix() {
        assertThat(BitstampSymbols.market("btcusd")).isEqualTo(bitstamp("BTC", "USD"));
        assertThat(BitstampSymbols.market("btcusdt")).isEqualTo(bitstamp("BTC", "USDT"));
        assertThat(BitstampSymbols.market("usdteur")).isEqualTo(bitstamp("USDT", "EUR"));
        assertThat(BitstampSymbols.market("usdtusd")).isEqualTo(bitstamp("USDT", "USD"));
        assertThat(BitstampSymbols.market("usdcusdt")).isEqualTo(bitstamp("USDC", "USDT"));
        assertThat(BitstampSymbols.market("btcpyusd")).isEqualTo(bitstamp("BTC", "PYUSD"));
        assertThat(BitstampSymbols.market("batbtc")).isEqualTo(bitstamp("BAT", "BTC"));
        assertThat(BitstampSymbols.market("galaeur")).isEqualTo(bitstamp("GALA", "EUR"));
        assertThat(BitstampSymbols.market("xlmgbp")).isEqualTo(bitstamp("XLM", "GBP"));
    }

    @Test
    void perpetualsKeepTheSuffixOnTheQuote() {
        Market perpetual = BitstampSymbols.market("btcusd-perp");

        assertThat(perpetual).isEqualTo(bitstamp("BTC", "USD-PERP"));
        assertThat(perpetual.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(BitstampSymbols.pair(perpetual)).isEqualTo("btcusd-perp");
        assertThat(BitstampSymbols.parse("BTC-USD-PERP")).isEqualTo(perpetual);
    }

    @Test
    void parsesVenueNotationOrBaseQuote() {
        for (String given : List.of("btcusd", "BTCUSD", " btcusd ", "BTC-USD", "btc-usd", "BTC/USD")) {
            assertThat(BitstampSymbols.parse(given)).as(given).isEqualTo(bitstamp("BTC", "USD"));
        }
        assertThat(BitstampSymbols.parse("USDT-EUR")).isEqualTo(bitstamp("USDT", "EUR"));
    }

    @Test
    void pairsRoundTripForEveryCapturedPair() {
        for (String pair : List.of("sgbeur", "ethusd", "xrpeur", "bateur", "usdteur", "usdtusd", "xlmgbp", "adaeur",
                "batbtc", "galaeur", "btcusd", "btcusd-perp")) {
            assertThat(BitstampSymbols.pair(BitstampSymbols.market(pair))).isEqualTo(pair);
        }
    }

    @Test
    void refusesWhatItCannotSplitWithTheQuoteList() {
        assertThatThrownBy(() -> BitstampSymbols.market("btcxyz"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'btcxyz' is not a Bitstamp pair")
                .hasMessageContaining("usdt");
        assertThatThrownBy(() -> BitstampSymbols.market("usd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BitstampSymbols.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BitstampSymbols.parse("BTC-")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BitstampSymbols.parse("BT C-USD")).hasMessageContaining("letters and digits");
    }
}
