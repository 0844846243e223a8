package io.cryptostream.exchange.binance;

import io.cryptostream.domain.Market;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Binance symbols ({@code BTCUSDT}: base and quote without a separator) to markets and back.
 *
 * <p>The authoritative split is exchangeInfo's baseAsset/quoteAsset, which needs REST; cryptostream splits by
 * the longest matching suffix from {@link #QUOTE_ASSETS} instead. Where that guess could be wrong (Binance.US
 * {@code ARBUSD} reads as AR-BUSD), give the market as BASE-QUOTE: subscribed markets are matched by their exact
 * symbol before any guess. Symbols with an underscore ({@code BTCUSDT_210625}, {@code BTCUSD_PERP}) are
 * delivery or coin-margined contracts, which a BASE-QUOTE market cannot name; they are not split.
 */
public final class BinanceSymbols {

    /** Quote assets recognised as a symbol suffix, longest tried first (FDUSD before USD, USDT before USD). */
    public static final List<String> QUOTE_ASSETS = List.of(
            "USDT", "USDC", "FDUSD", "BUSD", "TUSD", "USDP", "DAI", "USD",
            "BTC", "ETH", "BNB", "XRP", "TRX",
            "EUR", "GBP", "TRY", "BRL", "AUD", "JPY", "PLN", "RON", "UAH", "ZAR", "ARS", "MXN", "COP", "CZK", "IDR");

    /** Other venues' names for the same assets, accepted in BASE-QUOTE input. */
    private static final Map<String, String> ALIASES = Map.of("XBT", "BTC");

    private static final List<String> QUOTES_LONGEST_FIRST = QUOTE_ASSETS.stream()
            .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    private static final Pattern ASSET = Pattern.compile("[A-Z0-9]+");

    private BinanceSymbols() {
    }

    /** {@code BTCUSDT}, the venue's symbol of a market. */
    public static String symbol(Market market) {
        return market.base() + market.quote();
    }

    /**
     * The market a person or config names in Binance notation ({@code BTCUSDT}, {@code btcusdt}) or as
     * BASE-QUOTE ({@code BTC-USDT}, {@code xbt-usdt}).
     *
     * @throws IllegalArgumentException naming the input and the accepted forms
     */
    public static Market market(String exchange, String text) {
        String upper = text.strip().toUpperCase(Locale.ROOT);
        int dash = upper.indexOf('-');
        if (dash >= 0) {
            String base = upper.substring(0, dash);
            String quote = upper.substring(dash + 1);
            if (!ASSET.matcher(base).matches() || !ASSET.matcher(quote).matches()) {
                throw new IllegalArgumentException("'" + text + "' is not a market; expected BASE-QUOTE such as "
                        + "BTC-USDT or a Binance symbol such as BTCUSDT");
            }
            return new Market(exchange, ALIASES.getOrDefault(base, base), ALIASES.getOrDefault(quote, quote));
        }
        return split(exchange, upper).orElseThrow(() -> new IllegalArgumentException("cannot split the Binance "
                + "symbol '" + text + "' into base and quote: "
                + (upper.contains("_") ? "contracts with an expiry or coin margin are not supported"
                        : "it ends with none of the known quote assets " + QUOTE_ASSETS)
                + "; give the market as BASE-QUOTE, e.g. BTC-USDT"));
    }

    /** The market of a venue symbol by its quote suffix; empty for contracts and unknown quotes. */
    public static Optional<Market> split(String exchange, String symbol) {
        String upper = symbol.toUpperCase(Locale.ROOT);
        if (!ASSET.matcher(upper).matches()) {
            return Optional.empty();
        }
        for (String quote : QUOTES_LONGEST_FIRST) {
            if (upper.length() > quote.length() && upper.endsWith(quote)) {
                return Optional.of(new Market(exchange, upper.substring(0, upper.length() - quote.length()), quote));
            }
        }
        return Optional.empty();
    }
}
