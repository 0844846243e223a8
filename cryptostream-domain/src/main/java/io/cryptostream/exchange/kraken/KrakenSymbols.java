package io.cryptostream.exchange.kraken;

import io.cryptostream.domain.Market;

import java.util.Locale;
import java.util.Map;

/**
 * Kraken spot pair names ↔ {@link Market}s. Kraken writes pairs {@code BASE/QUOTE}; v1 uses its own asset codes
 * ({@code XBT} for bitcoin, {@code XDG} for dogecoin, as in {@code XBT/USD}), v2 the common ones ({@code BTC/USD}).
 * Markets always carry the common codes, so Kraken's BTC-USD keys the same way as every other venue's.
 */
public final class KrakenSymbols {

    public static final String EXCHANGE = "Kraken";

    private static final Map<String, String> COMMON_BY_KRAKEN_CODE = Map.of("XBT", "BTC", "XDG", "DOGE");
    private static final Map<String, String> KRAKEN_CODE_BY_COMMON = Map.of("BTC", "XBT", "DOGE", "XDG");

    private KrakenSymbols() {
    }

    /**
     * The market of a pair written {@code BASE/QUOTE} (Kraken v1 or v2, e.g. {@code XBT/USD}, {@code BTC/USD}) or
     * {@code BASE-QUOTE} ({@code BTC-USD}), in any case.
     */
    public static Market market(String pair) {
        if (pair == null) {
            throw new IllegalArgumentException("no Kraken pair given; expected BASE/QUOTE or BASE-QUOTE, e.g. BTC/USD");
        }
        String text = pair.strip().toUpperCase(Locale.ROOT);
        int slash = text.indexOf('/');
        int separator = slash >= 0 ? slash : text.indexOf('-');
        if (separator <= 0 || separator == text.length() - 1
                || text.indexOf('/', separator + 1) >= 0 || text.indexOf('-', separator + 1) >= 0) {
            throw new IllegalArgumentException("'" + pair + "' is not a Kraken pair; expected BASE/QUOTE or BASE-QUOTE, "
                    + "e.g. XBT/USD, BTC/USD or BTC-USD");
        }
        return new Market(EXCHANGE, commonAsset(text.substring(0, separator)), commonAsset(text.substring(separator + 1)));
    }

    /** The pair as the v2 API names it, e.g. {@code BTC/USD}. */
    public static String v2Pair(Market market) {
        return market.base() + "/" + market.quote();
    }

    /** The pair as the v1 API names it, e.g. {@code XBT/USD}. */
    public static String v1Pair(Market market) {
        return krakenAsset(market.base()) + "/" + krakenAsset(market.quote());
    }

    /** The common code of a Kraken asset code: XBT → BTC, XDG → DOGE, others unchanged (upper-cased). */
    public static String commonAsset(String code) {
        String upper = code.strip().toUpperCase(Locale.ROOT);
        return COMMON_BY_KRAKEN_CODE.getOrDefault(upper, upper);
    }

    /** Kraken's v1 code of a common asset code: BTC → XBT, DOGE → XDG, others unchanged (upper-cased). */
    public static String krakenAsset(String code) {
        String upper = code.strip().toUpperCase(Locale.ROOT);
        return KRAKEN_CODE_BY_COMMON.getOrDefault(upper, upper);
    }
}
