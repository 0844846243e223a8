package io.cryptostream.exchange.binance;

import io.cryptostream.domain.Market;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BinanceSymbolsTest {

    private static Market spot(String base, String quote) {
        return new Market("Binance", base, quote);
    }

    @Test
    void splitsVenueSymbolsByTheLongestKnownQuote() {
        assertThat(BinanceSymbols.market("Binance", "BTCUSDT")).isEqualTo(spot("BTC", "USDT"));
        assertThat(BinanceSymbols.market("Binance", "btcusdt")).isEqualTo(spot("BTC", "USDT"));
        assertThat(BinanceSymbols.market("Binance", "ETHBTC")).isEqualTo(spot("ETH", "BTC"));
        assertThat(BinanceSymbols.market("Binance", "BTCFDUSD")).isEqualTo(spot("BTC", "FDUSD"));
        assertThat(BinanceSymbols.market("Binance", "BTCTUSD")).isEqualTo(spot("BTC", "TUSD"));
        assertThat(BinanceSymbols.market("Binance", "USDCUSDT")).isEqualTo(spot("USDC", "USDT"));
        assertThat(BinanceSymbols.market("Binance", "1000SATSUSDT")).isEqualTo(spot("1000SATS", "USDT"));
        assertThat(BinanceSymbols.market("BinanceUS", "BTCUSD")).isEqualTo(new Market("BinanceUS", "BTC", "USD"));
        assertThat(BinanceSymbols.market("Binance", "RUNEEUR")).isEqualTo(spot("RUNE", "EUR"));
    }

    @Test
    void acceptsBaseDashQuoteWithOtherVenuesAliases() {
        assertThat(BinanceSymbols.market("Binance", "BTC-USDT")).isEqualTo(spot("BTC", "USDT"));
        assertThat(BinanceSymbols.market("BinanceFutures", " xbt-usdt ")).isEqualTo(new Market("BinanceFutures", "BTC", "USDT"));
        assertThat(BinanceSymbols.market("BinanceUS", "ARB-USD")).as("no guess where the market is spelled out")
                .isEqualTo(new Market("BinanceUS", "ARB", "USD"));
    }

    @Test
    void writesTheVenueSymbolBack() {
        assertThat(BinanceSymbols.symbol(spot("BTC", "USDT"))).isEqualTo("BTCUSDT");
        assertThat(BinanceSymbols.symbol(BinanceSymbols.market("Binance", "eth-btc"))).isEqualTo("ETHBTC");
    }

    @Test
    void refusesWhatItCannotSplitNamingTheAlternative() {
        assertThatThrownBy(() -> BinanceSymbols.market("Binance", "FOOBAR"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'FOOBAR'").hasMessageContaining("BASE-QUOTE");
        assertThatThrownBy(() -> BinanceSymbols.market("Binance", "USDT")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinanceSymbols.market("BinanceFutures", "BTCUSD_PERP"))
                .hasMessageContaining("contracts with an expiry or coin margin");
        assertThatThrownBy(() -> BinanceSymbols.market("Binance", "BTC-")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinanceSymbols.market("Binance", "BTC/USDT")).isInstanceOf(IllegalArgumentException.class);
        assertThat(BinanceSymbols.split("BinanceFutures", "BTCUSDT_210625")).isEmpty();
    }
}
