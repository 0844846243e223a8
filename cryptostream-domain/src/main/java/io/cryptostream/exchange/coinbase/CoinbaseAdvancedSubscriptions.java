package io.cryptostream.exchange.coinbase;

import io.cryptostream.domain.Market;

import java.util.List;

/**
 * Builds Coinbase Advanced Trade market-data requests. The venue takes one channel per message: one for
 * {@code market_trades} of every product, one for {@code heartbeats}, which needs no products and keeps the other
 * subscriptions open (channels without updates are closed after 60–90 s). No JWT: market data is public.
 */
public final class CoinbaseAdvancedSubscriptions {

    public static final String MARKET_TRADES = "market_trades";
    public static final String HEARTBEATS = "heartbeats";

    private CoinbaseAdvancedSubscriptions() {
    }

    /** The {@code market_trades} request, then the {@code heartbeats} one. */
    public static List<String> subscribe(List<Market> markets) {
        return requests("subscribe", markets);
    }

    /** Same shape as {@link #subscribe}; each is answered with the subscriptions left. */
    public static List<String> unsubscribe(List<Market> markets) {
        return requests("unsubscribe", markets);
    }

    private static List<String> requests(String type, List<Market> markets) {
        if (markets.isEmpty()) {
            throw new IllegalArgumentException("a Coinbase Advanced Trade " + type + " needs at least one product");
        }
        return List.of(
                "{\"type\":\"" + type + "\",\"product_ids\":" + CoinbaseSubscriptions.productIds(markets)
                        + ",\"channel\":\"" + MARKET_TRADES + "\"}",
                "{\"type\":\"" + type + "\",\"channel\":\"" + HEARTBEATS + "\"}");
    }
}
