package io.cryptostream.exchange.coinbase;

import io.cryptostream.domain.Market;
import io.cryptostream.feed.FrameObject;
import io.cryptostream.feed.MarketCache;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Coinbase product ids ↔ {@link Market}s. Both Coinbase feeds (Exchange and Advanced Trade) name products
 * {@code BASE-QUOTE} in upper case, e.g. {@code BTC-USD}, which is also the project's own notation; lower case and
 * {@code BASE/QUOTE} are accepted from people. Concatenated symbols like {@code BTCUSD} are refused: without the
 * venue's product list there is no telling where the base ends.
 */
public final class CoinbaseSymbols {

    /** The exchange name of every Coinbase market: both feeds report the same venue's trades, with the same ids. */
    public static final String EXCHANGE = "Coinbase";

    private static final Pattern PRODUCT = Pattern.compile("([A-Za-z0-9]+)[-/]([A-Za-z0-9]+)");

    private CoinbaseSymbols() {
    }

    /** The market of a trade's {@code product_id}, found in {@code markets} or parsed and added to it. */
    static Market market(FrameObject trade, MarketCache markets) {
        Market market = markets.find(trade, "product_id");
        if (market == null) {
            String productId = trade.text("product_id");
            market = market(productId);
            markets.add(market, productId);
        }
        return market;
    }

    /** The market of a product id ({@code BTC-USD}) or of a person's {@code btc/usd}. */
    public static Market market(String symbol) {
        Matcher m = symbol == null ? null : PRODUCT.matcher(symbol.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + symbol + "' is not a Coinbase product; expected BASE-QUOTE, e.g. BTC-USD");
        }
        return new Market(EXCHANGE, m.group(1).toUpperCase(Locale.ROOT), m.group(2).toUpperCase(Locale.ROOT));
    }

    /** {@code BTC-USD}, the product id Coinbase expects in subscriptions. */
    public static String productId(Market market) {
        if (!EXCHANGE.equalsIgnoreCase(market.exchange())) {
            throw new IllegalArgumentException("market " + market + " is not on " + EXCHANGE
                    + "; the Coinbase feeds serve only Coinbase markets, e.g. Coinbase:BTC-USD");
        }
        return market.base().toUpperCase(Locale.ROOT) + "-" + market.quote().toUpperCase(Locale.ROOT);
    }
}
