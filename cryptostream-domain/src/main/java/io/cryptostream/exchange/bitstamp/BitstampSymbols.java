package io.cryptostream.exchange.bitstamp;

import io.cryptostream.domain.Market;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Bitstamp pair names ↔ {@link Market}s. Bitstamp writes a pair as the lower-case concatenation of base and quote
 * ({@code btcusd}, {@code usdteur}), perpetuals with a {@code -perp} suffix ({@code btcusd-perp}). Having no
 * separator, a pair is split at the longest quote currency it ends with, from {@link #QUOTE_CURRENCIES}; a pair
 * quoted in anything else is refused with the list, rather than guessed.
 *
 * <p>A perpetual keeps the suffix on its quote: {@code btcusd-perp} is {@code Bitstamp BTC / USD-PERP}, so its
 * symbol {@code BTC-USD-PERP} and Kafka key never collide with the spot market.
 */
public final class BitstampSymbols {

    public static final String EXCHANGE = "Bitstamp";

    /** Bitstamp's quote currencies (fiat, dollar stablecoins, BTC and ETH), longest first so USDT wins over USD. */
    public static final List<String> QUOTE_CURRENCIES = List.of("pyusd", "usdt", "usdc", "usd", "eur", "gbp", "btc", "eth");

    static final String PERPETUAL_SUFFIX = "-perp";
    private static final Pattern ASSET = Pattern.compile("[a-z0-9]+");

    private BitstampSymbols() {
    }

    /** The venue's pair of a market, e.g. {@code btcusd}, {@code btcusd-perp}. */
    public static String pair(Market market) {
        return market.base().toLowerCase(Locale.ROOT) + market.quote().toLowerCase(Locale.ROOT);
    }

    /** The market of a venue pair such as {@code btcusd}, {@code usdteur} or {@code btcusd-perp}. */
    public static Market market(String pair) {
        String text = pair == null ? "" : pair.strip().toLowerCase(Locale.ROOT);
        boolean perpetual = text.endsWith(PERPETUAL_SUFFIX);
        String spot = perpetual ? text.substring(0, text.length() - PERPETUAL_SUFFIX.length()) : text;
        for (String quote : QUOTE_CURRENCIES) {
            if (spot.endsWith(quote) && spot.length() > quote.length()) {
                return market(spot.substring(0, spot.length() - quote.length()), quote, perpetual, pair);
            }
        }
        throw new IllegalArgumentException("'" + pair + "' is not a Bitstamp pair: expected a lower-case base and "
                + "quote written together, e.g. btcusd or btcusd-perp, quoted in one of " + QUOTE_CURRENCIES);
    }

    /**
     * A market given either in Bitstamp's notation ({@code btcusd}, {@code BTCUSD}, {@code btcusd-perp}) or as
     * BASE-QUOTE ({@code BTC-USD}, {@code BTC/USD}, {@code BTC-USD-PERP}).
     */
    public static Market parse(String text) {
        String lower = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        boolean perpetual = lower.endsWith(PERPETUAL_SUFFIX);
        String spot = perpetual ? lower.substring(0, lower.length() - PERPETUAL_SUFFIX.length()) : lower;
        int separator = Math.max(spot.indexOf('-'), spot.indexOf('/'));
        if (separator < 0) {
            return market(lower);
        }
        return market(spot.substring(0, separator), spot.substring(separator + 1), perpetual, text);
    }

    private static Market market(String base, String quote, boolean perpetual, String given) {
        if (!ASSET.matcher(base).matches() || !ASSET.matcher(quote).matches()) {
            throw new IllegalArgumentException("'" + given + "' is not a Bitstamp market: assets are letters and "
                    + "digits, e.g. btcusd, BTC-USD or btcusd-perp");
        }
        String upperQuote = quote.toUpperCase(Locale.ROOT) + (perpetual ? PERPETUAL_SUFFIX.toUpperCase(Locale.ROOT) : "");
        return new Market(EXCHANGE, base.toUpperCase(Locale.ROOT), upperQuote);
    }
}
