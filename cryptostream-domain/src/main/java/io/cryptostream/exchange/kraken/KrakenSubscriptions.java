package io.cryptostream.exchange.kraken;

import io.cryptostream.domain.Market;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds Kraken spot WebSocket v2 requests for the {@code trade} channel: one subscribe (or unsubscribe) request
 * carries every pair, and the server acknowledges each pair separately. The {@code snapshot} flag is left at its
 * default (true): the last 50 trades of each pair arrive after every (re)subscribe and fill what a dropped
 * connection missed; the ingest drops the ones it already has by their trade ids.
 */
public final class KrakenSubscriptions {

    public static final String TRADE_CHANNEL = "trade";

    private KrakenSubscriptions() {
    }

    /** {@code {"method":"subscribe","params":{"channel":"trade","symbol":["BTC/USD",...]}}} */
    public static String subscribe(List<Market> markets) {
        return request("subscribe", markets);
    }

    /** {@code {"method":"unsubscribe","params":{"channel":"trade","symbol":["BTC/USD",...]}}} */
    public static String unsubscribe(List<Market> markets) {
        return request("unsubscribe", markets);
    }

    /** The application-level ping; the server answers {@code {"method":"pong","req_id":reqId,...}}. */
    public static String ping(long reqId) {
        return "{\"method\":\"ping\",\"req_id\":" + reqId + "}";
    }

    private static String request(String method, List<Market> markets) {
        if (markets.isEmpty()) {
            throw new IllegalArgumentException("a Kraken " + method + " request needs at least one market");
        }
        return markets.stream().map(KrakenSymbols::v2Pair).map(KrakenSubscriptions::quote)
                .collect(Collectors.joining(",", "{\"method\":\"" + method + "\",\"params\":{\"channel\":\""
                        + TRADE_CHANNEL + "\",\"symbol\":[", "]}}"));
    }

    private static String quote(String pair) {
        if (pair.indexOf('"') >= 0 || pair.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("Kraken pair contains a quote or backslash: " + pair);
        }
        return "\"" + pair + "\"";
    }
}
