package io.cryptostream.exchange.coinbase;

import io.cryptostream.domain.Market;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds Coinbase Exchange feed requests: {@code matches} for the trades and {@code heartbeat} for liveness (one
 * heartbeat per product per second, so a quiet market still proves the socket alive), in one message for every
 * product. Coinbase closes a socket that sends no subscribe within 5 s of connecting.
 */
public final class CoinbaseSubscriptions {

    public static final String MATCHES = "matches";
    public static final String HEARTBEAT = "heartbeat";
    public static final List<String> CHANNELS = List.of(MATCHES, HEARTBEAT);

    private CoinbaseSubscriptions() {
    }

    /** {@code {"type":"subscribe","product_ids":["BTC-USD"],"channels":["matches","heartbeat"]}} */
    public static String subscribe(List<Market> markets) {
        return request("subscribe", markets);
    }

    /** Same shape as {@link #subscribe}; Coinbase answers with the subscriptions left, none once all are gone. */
    public static String unsubscribe(List<Market> markets) {
        return request("unsubscribe", markets);
    }

    private static String request(String type, List<Market> markets) {
        if (markets.isEmpty()) {
            throw new IllegalArgumentException("a Coinbase " + type + " needs at least one product");
        }
        return "{\"type\":\"" + type + "\",\"product_ids\":" + productIds(markets)
                + ",\"channels\":" + CHANNELS.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(",", "[", "]"))
                + "}";
    }

    /** The JSON array of product ids; {@link CoinbaseSymbols#productId} admits only letters, digits and '-'. */
    static String productIds(List<Market> markets) {
        return markets.stream().map(m -> "\"" + CoinbaseSymbols.productId(m) + "\"")
                .collect(Collectors.joining(",", "[", "]"));
    }
}
