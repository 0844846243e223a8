package io.cryptostream.exchange.coinbase;

import io.cryptostream.domain.Market;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoinbaseSymbolsTest {

    @Test
    void productIdsAreBaseDashQuoteBothWays() {
        Market market = CoinbaseSymbols.market("BTC-USD");
        assertThat(market).isEqualTo(new Market("Coinbase", "BTC", "USD"));
        assertThat(CoinbaseSymbols.productId(market)).isEqualTo("BTC-USD");
        assertThat(CoinbaseSymbols.market("SKL-BTC")).isEqualTo(new Market("Coinbase", "SKL", "BTC"));
        assertThat(CoinbaseSymbols.market("USDT-USDC").symbol()).isEqualTo("USDT-USDC");
    }

    @Test
    void acceptsLowerCaseAndSlashFromPeople() {
        assertThat(CoinbaseSymbols.market(" eth/eur ")).isEqualTo(new Market("Coinbase", "ETH", "EUR"));
        assertThat(CoinbaseSymbols.productId(new Market("coinbase", "eth", "eur"))).isEqualTo("ETH-EUR");
    }

    @Test
    void refusesConcatenatedOrBrokenSymbolsWithAnExample() {
        for (String bad : new String[] {"BTCUSD", "BTC-", "-USD", "BTC-USD-X", "BTC USD", ""}) {
            assertThatThrownBy(() -> CoinbaseSymbols.market(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected BASE-QUOTE, e.g. BTC-USD");
        }
        assertThatThrownBy(() -> CoinbaseSymbols.market(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
