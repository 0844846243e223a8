package io.cryptostream.exchange.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.HistoryJson;
import io.cryptostream.exchange.HistoryPage;
import io.cryptostream.exchange.TradeHistory;
import io.cryptostream.feed.FrameWriter;
import io.cryptostream.feed.WireTime;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Coinbase Exchange's {@code GET /products/{product_id}/trades}: newest first, paged by trade id with
 * {@code after} (older than, exclusive) and {@code before} (newer than), at most 1000 a page, as
 * {@code [{"time":"…Z","trade_id":74,"price":"10.00000000","size":"0.01000000","side":"buy"}]}. {@code side} is the
 * maker's, as on the {@code matches} channel, so the taker is the other side. The ids are the {@code matches}'
 * {@code trade_id}s, so a gap ending before id {@code b} is filled by asking {@code after=b}.
 */
public final class CoinbaseHistory {

    /** Public; 10 requests a second per IP (bursts to 15). */
    public static final TradeHistory EXCHANGE = new TradeHistory(TradeHistory.Paging.BY_CURSOR,
            URI.create("https://api.exchange.coinbase.com"), "/products/{symbol}/trades", CoinbaseSymbols::productId,
            Optional.empty(), "after", Optional.of("limit"), 1000, 1,
            new TradeHistory.Budget(10, Duration.ofSeconds(1)), Optional.empty(), CoinbaseHistory::decode,
            (market, trades, next) -> body(trades), Optional.empty());

    private CoinbaseHistory() {
    }

    /** The page's trades, oldest first; its next cursor is the oldest id, the {@code after} of the older page. */
    static HistoryPage decode(Market market, String body, Instant receivedAt) {
        try {
            JsonNode tree = HistoryJson.read(body);
            if (tree.isObject() && tree.has("message")) {
                return new HistoryPage.Failed("Coinbase answered: " + tree.get("message").asText());
            }
            if (!tree.isArray()) {
                return new HistoryPage.Failed("Coinbase history is not an array: " + HistoryJson.excerpt(body));
            }
            List<Trade> trades = new ArrayList<>(tree.size());
            for (int i = 0; i < tree.size(); i++) {
                trades.add(trade(market, tree.get(i), i, receivedAt));
            }
            Collections.reverse(trades);
            Optional<String> next = trades.isEmpty() ? Optional.empty() : Optional.of(trades.get(0).tradeId());
            return new HistoryPage.Trades(trades, next);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return new HistoryPage.Failed("Coinbase history: " + e.getMessage());
        }
    }

    private static Trade trade(Market market, JsonNode t, int index, Instant receivedAt) {
        try {
            if (!t.path("trade_id").isIntegralNumber()) {
                throw new IllegalArgumentException("trade_id is not an integer");
            }
            String makerSide = HistoryJson.text(t, "side");
            TakerSide taker = switch (makerSide) {
                case "buy" -> TakerSide.SELL;
                case "sell" -> TakerSide.BUY;
                default -> throw new IllegalArgumentException("side is neither buy nor sell: " + makerSide);
            };
            String time = HistoryJson.text(t, "time");
            return Trade.of(market, taker, HistoryJson.decimal(t, "price"), HistoryJson.decimal(t, "size"),
                    t.get("trade_id").asText(), WireTime.iso(time, 0, time.length()), receivedAt);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException("trade " + index + ": " + e.getMessage());
        }
    }

    /** Trades (oldest first) as Coinbase writes them, newest first; each as {@link CoinbaseFrames#asReported} reports it. */
    static String body(List<Trade> trades) {
        ArrayNode array = HistoryJson.array();
        for (int i = trades.size() - 1; i >= 0; i--) {
            Trade trade = trades.get(i);
            array.addObject()
                    .put("time", FrameWriter.UTC_MICROS.format(trade.eventTime()))
                    .put("trade_id", Long.parseLong(trade.tradeId()))
                    .put("price", trade.price().toPlainString())
                    .put("size", trade.quantity().toPlainString())
                    .put("side", FrameWriter.knownSide(trade, "Coinbase") == TakerSide.BUY ? "sell" : "buy");
        }
        return HistoryJson.write(array);
    }
}
