package io.cryptostream.exchange.cryptocompare;

import io.cryptostream.domain.Market;

import java.util.List;
import java.util.stream.Collectors;

/** Builds CryptoCompare streamer v2 subscription requests and reads trade subscription ids. */
public final class CryptoCompareSubscriptions {

    /** The original CryptoCompare tutorial's watchlist. */
    public static final List<String> DEFAULT_WATCHLIST = List.of(
            "0~Coinbase~BTC~USD", "0~Binance~BTC~USDT", "0~Kraken~BTC~USD", "0~CoinDeal~BTC~USD", "0~Gemini~BTC~USD");

    private CryptoCompareSubscriptions() {
    }

    public static String subAdd(List<String> subs) {
        return request("SubAdd", subs);
    }

    public static String subRemove(List<String> subs) {
        return request("SubRemove", subs);
    }

    /** {@code 0~Coinbase~BTC~USD}, the trade channel id of one market. */
    public static String tradeSub(Market market) {
        return "0~" + market.exchange() + "~" + market.base() + "~" + market.quote();
    }

    /** The market of a trade subscription id, e.g. {@code 0~Coinbase~BTC~USD}. */
    public static Market parseTradeSub(String sub) {
        String[] parts = sub.split("~", -1);
        if (parts.length != 4 || !parts[0].equals("0") || parts[1].isBlank() || parts[2].isBlank() || parts[3].isBlank()) {
            throw new IllegalArgumentException("'" + sub + "' is not a CryptoCompare trade subscription; "
                    + "expected 0~EXCHANGE~BASE~QUOTE, e.g. 0~Coinbase~BTC~USD");
        }
        return new Market(parts[1], parts[2], parts[3]);
    }

    private static String request(String action, List<String> subs) {
        return subs.stream().map(CryptoCompareSubscriptions::quote)
                .collect(Collectors.joining(",", "{\"action\":\"" + action + "\",\"subs\":[", "]}"));
    }

    private static String quote(String s) {
        if (s.indexOf('"') >= 0 || s.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("subscription id contains a quote or backslash: " + s);
        }
        return "\"" + s + "\"";
    }
}
