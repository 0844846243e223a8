package io.cryptostream.exchange.binance;

import io.cryptostream.domain.Market;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds Binance live-subscription requests ({@code {"method":"SUBSCRIBE","params":["btcusdt@trade"],"id":1}})
 * and reads trade stream names.
 *
 * <p>Each request kind has a fixed id, so that {@link BinanceCodec} can tell the acknowledgements apart: Binance
 * answers every request with the same {@code {"result":null,"id":N}} and nothing else names the request. Ids are
 * unsigned integers because some Binance servers refuse anything else ("request ID must be an unsigned integer").
 */
public final class BinanceSubscriptions {

    public static final long SUBSCRIBE_ID = 1;
    public static final long UNSUBSCRIBE_ID = 2;
    public static final long LIST_SUBSCRIPTIONS_ID = 3;
    /** Streams one connection may carry. */
    public static final int MAX_STREAMS_PER_CONNECTION = 1024;

    private static final String TRADE_CHANNEL = "@trade";

    private BinanceSubscriptions() {
    }

    /** One request for the trade streams of every market: one frame keeps within the client message limit. */
    public static String subscribe(List<Market> markets) {
        return request("SUBSCRIBE", markets, SUBSCRIBE_ID);
    }

    public static String unsubscribe(List<Market> markets) {
        return request("UNSUBSCRIBE", markets, UNSUBSCRIBE_ID);
    }

    /** Asks for the active streams; cryptostream sends it as an application-level ping. */
    public static String listSubscriptions() {
        return "{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":" + LIST_SUBSCRIPTIONS_ID + "}";
    }

    /** {@code btcusdt@trade}: stream names are lower case. */
    public static String tradeStream(Market market) {
        String symbol = BinanceSymbols.symbol(market);
        if (!symbol.matches("[A-Za-z0-9]+")) {
            throw new IllegalArgumentException("market " + market + " has no Binance symbol: base and quote must be "
                    + "letters and digits");
        }
        return symbol.toLowerCase(Locale.ROOT) + TRADE_CHANNEL;
    }

    /** The market of a trade stream name such as {@code btcusdt@trade}; empty for other streams and unsplittable symbols. */
    public static Optional<Market> tradeStreamMarket(String exchange, String stream) {
        if (!stream.endsWith(TRADE_CHANNEL) || !stream.equals(stream.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return BinanceSymbols.split(exchange, stream.substring(0, stream.length() - TRADE_CHANNEL.length()));
    }

    private static String request(String method, List<Market> markets, long id) {
        if (markets.isEmpty()) {
            throw new IllegalArgumentException(method + " needs at least one market");
        }
        if (markets.size() > MAX_STREAMS_PER_CONNECTION) {
            throw new IllegalArgumentException(method + " of " + markets.size() + " markets: a Binance connection "
                    + "carries at most " + MAX_STREAMS_PER_CONNECTION + " streams");
        }
        return markets.stream().map(market -> "\"" + tradeStream(market) + "\"")
                .collect(Collectors.joining(",", "{\"method\":\"" + method + "\",\"params\":[", "],\"id\":" + id + "}"));
    }
}
