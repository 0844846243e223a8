package io.cryptostream.exchange.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.HistoryJson;
import io.cryptostream.exchange.HistoryPage;
import io.cryptostream.exchange.TradeHistory;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binance's old-trade lookup, {@code GET /api/v3/historicalTrades} (spot) and {@code GET /fapi/v1/historicalTrades}
 * (USD-M): the trades of one symbol ascending from {@code fromId} (inclusive), as
 * {@code [{"id":28457,"price":"4.00000100","qty":"12.00000000","quoteQty":"48.000012","time":1499865549590,
 * "isBuyerMaker":true,"isBestMatch":true}]}. The ids are the {@code t} ids of {@code @trade}, so a gap in the stream
 * is filled by asking from its first missing id. (Aggregate trades, {@code /aggTrades}, number a sequence of their own
 * and cannot fill {@code @trade} gaps.)
 */
public final class BinanceHistory {

    /** Spot: weight 25 of 6000 per minute per IP; no key since Binance made the endpoint public (security type NONE). */
    public static final TradeHistory SPOT = describe(BinanceVenue.SPOT, "https://api.binance.com",
            "/api/v3/historicalTrades", 1000, 25, new TradeHistory.Budget(6000, Duration.ofMinutes(1)), false);
    /** USD-M: weight 20 of 2400 per minute per IP, at most 500 a page, with an API key (security type MARKET_DATA). */
    public static final TradeHistory USDM_FUTURES = describe(BinanceVenue.USDM_FUTURES, "https://fapi.binance.com",
            "/fapi/v1/historicalTrades", 500, 20, new TradeHistory.Budget(2400, Duration.ofMinutes(1)), true);

    /** The header USD-M's history takes its API key in. */
    private static final String KEY_HEADER = "X-MBX-APIKEY";

    private BinanceHistory() {
    }

    private static TradeHistory describe(BinanceVenue venue, String host, String path, int maxPageSize, int weight,
                                         TradeHistory.Budget budget, boolean needsApiKey) {
        return new TradeHistory(TradeHistory.Paging.BY_ID, URI.create(host), path, BinanceSymbols::symbol,
                Optional.of("symbol"), "fromId", Optional.of("limit"), maxPageSize, weight, budget,
                needsApiKey ? Optional.of(KEY_HEADER) : Optional.empty(),
                (market, body, receivedAt) -> decode(venue, market, body, receivedAt),
                (market, trades, next) -> body(venue, trades), Optional.empty());
    }

    /** The page's trades; its next cursor is the id after the last one. */
    static HistoryPage decode(BinanceVenue venue, Market market, String body, Instant receivedAt) {
        try {
            JsonNode tree = HistoryJson.read(body);
            if (tree.isObject() && tree.has("code")) {
                return new HistoryPage.Failed(venue.exchange() + " answered error " + tree.get("code").asText() + ": "
                        + tree.path("msg").asText());
            }
            if (!tree.isArray()) {
                return new HistoryPage.Failed(venue.exchange() + " history is not an array: " + HistoryJson.excerpt(body));
            }
            List<Trade> trades = new ArrayList<>(tree.size());
            for (int i = 0; i < tree.size(); i++) {
                trades.add(trade(market, tree.get(i), i, receivedAt));
            }
            Optional<String> next = trades.isEmpty() ? Optional.empty()
                    : Optional.of(Long.toString(Long.parseLong(trades.get(trades.size() - 1).tradeId()) + 1));
            return new HistoryPage.Trades(trades, next);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return new HistoryPage.Failed(venue.exchange() + " history: " + e.getMessage());
        }
    }

    private static Trade trade(Market market, JsonNode t, int index, Instant receivedAt) {
        try {
            if (!t.path("id").isIntegralNumber() || !t.path("time").isIntegralNumber()) {
                throw new IllegalArgumentException("id or time is not an integer");
            }
            JsonNode maker = t.path("isBuyerMaker");
            if (!maker.isBoolean()) {
                throw new IllegalArgumentException("isBuyerMaker is not a boolean");
            }
            return Trade.of(market, maker.booleanValue() ? TakerSide.SELL : TakerSide.BUY,
                    HistoryJson.decimal(t, "price"), HistoryJson.decimal(t, "qty"), t.get("id").asText(),
                    Instant.ofEpochMilli(t.get("time").longValue()), receivedAt);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("trade " + index + ": " + e.getMessage());
        }
    }

    /** Trades as Binance writes them, ascending; each trade as {@link BinanceFrames#asReported} reports it. */
    static String body(BinanceVenue venue, List<Trade> trades) {
        ArrayNode array = HistoryJson.array();
        for (Trade trade : trades) {
            ObjectNode t = array.addObject()
                    .put("id", Long.parseLong(trade.tradeId()))
                    .put("price", trade.price().toPlainString())
                    .put("qty", trade.quantity().toPlainString())
                    .put("quoteQty", trade.quoteVolume().stripTrailingZeros().toPlainString())
                    .put("time", trade.eventTime().toEpochMilli())
                    .put("isBuyerMaker", trade.side() == TakerSide.SELL);
            if (venue == BinanceVenue.SPOT) {
                t.put("isBestMatch", true);
            } else {
                t.put("isRPITrade", false);
            }
        }
        return HistoryJson.write(array);
    }
}
