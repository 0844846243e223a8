package io.cryptostream.exchange.bitstamp;

import io.cryptostream.domain.Market;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BitstampSubscriptionsTest {

    private static final Market BTC_USD = BitstampSymbols.parse("BTC-USD");
    private static final Market ETH_EUR = BitstampSymbols.parse("etheur");

    @Test
    void oneDocumentedFramePerChannel() {
        assertThat(BitstampSubscriptions.subscribe(List.of(BTC_USD, ETH_EUR), Set.of(BitstampChannel.LIVE_TRADES)))
                .containsExactly("{\"event\":\"bts:subscribe\",\"data\":{\"channel\":\"live_trades_btcusd\"}}",
                        "{\"event\":\"bts:subscribe\",\"data\":{\"channel\":\"live_trades_etheur\"}}");
        assertThat(BitstampSubscriptions.unsubscribe(List.of(BTC_USD), Set.of(BitstampChannel.LIVE_ORDERS)))
                .containsExactly("{\"event\":\"bts:unsubscribe\",\"data\":{\"channel\":\"live_orders_btcusd\"}}");
    }

    @Test
    void tradesAndOrdersPerMarketInAFixedOrder() {
        assertThat(BitstampSubscriptions.channels(List.of(BTC_USD, ETH_EUR),
                Set.of(BitstampChannel.LIVE_ORDERS, BitstampChannel.LIVE_TRADES)))
                .containsExactly("live_trades_btcusd", "live_orders_btcusd", "live_trades_etheur", "live_orders_etheur");
        assertThat(BitstampSubscriptions.channels(List.of(BitstampSymbols.market("btcusd-perp")),
                EnumSet.of(BitstampChannel.LIVE_TRADES))).containsExactly("live_trades_btcusd-perp");
    }

    @Test
    void channelsNameTheirMarket() {
        assertThat(BitstampChannel.kindOf("live_orders_btcusd")).contains(BitstampChannel.LIVE_ORDERS);
        assertThat(BitstampChannel.kindOf("diff_order_book_btcusd")).isEmpty();
        assertThat(BitstampChannel.kindOf("live_trades_")).isEmpty();
        assertThat(BitstampChannel.LIVE_TRADES.marketOf("live_trades_usdteur")).isEqualTo(BitstampSymbols.parse("USDT-EUR"));
        assertThatThrownBy(() -> BitstampChannel.LIVE_TRADES.marketOf("live_orders_btcusd"))
                .hasMessageContaining("not a live_trades_<pair> channel");
    }

    @Test
    void refusesNothingToSubscribeAndUnsafeChannelNames() {
        assertThatThrownBy(() -> BitstampSubscriptions.channels(List.of(BTC_USD), Set.of()))
                .hasMessageContaining("LIVE_TRADES");
        assertThatThrownBy(() -> BitstampSubscriptions.subscribe("live_trades_\"btcusd"))
                .hasMessageContaining("not a Bitstamp channel name");
        assertThat(BitstampSubscriptions.HEARTBEAT).isEqualTo("{\"event\":\"bts:heartbeat\"}");
    }
}
