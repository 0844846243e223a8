package io.cryptostream.exchange.coinbase;

import io.cryptostream.domain.Market;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoinbaseSubscriptionsTest {

    private static final List<Market> MARKETS = List.of(CoinbaseSymbols.market("BTC-USD"), CoinbaseSymbols.market("eth/eur"));

    @Test
    void exchangeSubscribesMatchesAndHeartbeatInOneMessage() {
        assertThat(CoinbaseSubscriptions.subscribe(MARKETS)).isEqualTo(
                "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-EUR\"],\"channels\":[\"matches\",\"heartbeat\"]}");
        assertThat(CoinbaseSubscriptions.unsubscribe(MARKETS)).isEqualTo(
                "{\"type\":\"unsubscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-EUR\"],\"channels\":[\"matches\",\"heartbeat\"]}");
    }

    @Test
    void advancedTradeSendsOneChannelPerMessageAndHeartbeatsWithoutProducts() {
        assertThat(CoinbaseAdvancedSubscriptions.subscribe(MARKETS)).containsExactly(
                "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-EUR\"],\"channel\":\"market_trades\"}",
                "{\"type\":\"subscribe\",\"channel\":\"heartbeats\"}");
        assertThat(CoinbaseAdvancedSubscriptions.unsubscribe(MARKETS)).containsExactly(
                "{\"type\":\"unsubscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-EUR\"],\"channel\":\"market_trades\"}",
                "{\"type\":\"unsubscribe\",\"channel\":\"heartbeats\"}");
    }

    @Test
    void refusesOtherVenuesAndEmptyLists() {
        assertThatThrownBy(() -> CoinbaseSubscriptions.subscribe(List.of(new Market("Binance", "BTC", "USDT"))))
                .hasMessageContaining("Binance:BTC-USDT is not on Coinbase");
        assertThatThrownBy(() -> CoinbaseSubscriptions.subscribe(List.of())).hasMessageContaining("at least one product");
        assertThatThrownBy(() -> CoinbaseAdvancedSubscriptions.subscribe(List.of())).hasMessageContaining("at least one product");
    }
}
