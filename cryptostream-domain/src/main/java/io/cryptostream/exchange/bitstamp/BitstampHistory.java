package io.cryptostream.exchange.bitstamp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Bitstamp's {@code GET /api/v2/transactions/{pair}/?time=minute|hour|day}: every trade of the last minute, hour
 * (the default) or day, newest first, as {@code [{"date":"1700000000","tid":"305000001","price":"37000",
 * "amount":"0.01","type":"0"}]}, {@code type} 0 a buy and 1 a sell, as on {@code live_trades}. There is no paging,
 * only the window. {@code date} is in whole seconds, so a trade read here has its event time to the second, where
 * {@code live_trades} gives microseconds. Bitstamp's ids are one sequence across all markets, so a jump in one market
 * is no gap (ingest does not count them), and this history serves checks, not gap filling.
 */
public final class BitstampHistory {

    /** Public; at most 400 requests a second and 10 000 per 10 minutes per client. */
    public static final TradeHistory VENUE = new TradeHistory(TradeHistory.Paging.BY_TIME_WINDOW,
            URI.create("https://www.bitstamp.net"), "/api/v2/transactions/{symbol}/", BitstampSymbols::pair,
            Optional.empty(), "time", Optional.empty(), 0, 1, new TradeHistory.Budget(10_000, Duration.ofMinutes(10)),
            Optional.empty(), BitstampHistory::decode, (market, trades, next) -> body(trades),
            Optional.of(BitstampHistory::window));

    /** The windows {@code time} takes. */
    public enum Window {
        MINUTE(Duration.ofMinutes(1)), HOUR(Duration.ofHours(1)), DAY(Duration.ofDays(1));

        private final Duration length;

        Window(Duration length) {
            this.length = length;
        }

        public Duration length() {
            return length;
        }

        /** The value of the {@code time} parameter, e.g. {@code minute}. */
        public String parameter() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private BitstampHistory() {
    }

    /** The shortest window back from {@code now} that holds {@code time}; empty when even a day does not. */
    static Optional<String> window(Instant time, Instant now) {
        for (Window window : Window.values()) {
            if (now.minus(window.length()).isBefore(time)) {
                return Optional.of(window.parameter());
            }
        }
        return Optional.empty();
    }

    static HistoryPage decode(Market market, String body, Instant receivedAt) {
        try {
            JsonNode tree = HistoryJson.read(body);
            if (tree.isObject()) {
                return new HistoryPage.Failed("Bitstamp answered " + HistoryJson.excerpt(body));
            }
            if (!tree.isArray()) {
                return new HistoryPage.Failed("Bitstamp history is not an array: " + HistoryJson.excerpt(body));
            }
            List<Trade> trades = new ArrayList<>(tree.size());
            for (int i = 0; i < tree.size(); i++) {
                trades.add(trade(market, tree.get(i), i, receivedAt));
            }
            Collections.reverse(trades);
            return new HistoryPage.Trades(trades, Optional.empty());
        } catch (IllegalArgumentException | ArithmeticException e) {
            return new HistoryPage.Failed("Bitstamp history: " + e.getMessage());
        }
    }

    private static Trade trade(Market market, JsonNode t, int index, Instant receivedAt) {
        try {
            String type = HistoryJson.text(t, "type");
            TakerSide side = switch (type) {
                case BitstampCodec.BUY_TYPE -> TakerSide.BUY;
                case BitstampCodec.SELL_TYPE -> TakerSide.SELL;
                default -> throw new IllegalArgumentException("type is neither 0 nor 1: " + type);
            };
            String tid = HistoryJson.text(t, "tid");
            if (!tid.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("tid is not a whole number: " + tid);
            }
            long date;
            try {
                date = Long.parseLong(HistoryJson.text(t, "date"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("date is not whole seconds: " + t.get("date"));
            }
            return Trade.of(market, side, HistoryJson.decimal(t, "price"), HistoryJson.decimal(t, "amount"), tid,
                    Instant.ofEpochSecond(date), receivedAt);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("trade " + index + ": " + e.getMessage());
        }
    }

    /** Trades (oldest first) as Bitstamp writes them, newest first, every field a string. */
    static String body(List<Trade> trades) {
        ArrayNode array = HistoryJson.array();
        for (int i = trades.size() - 1; i >= 0; i--) {
            Trade trade = trades.get(i);
            if (trade.side() == TakerSide.UNKNOWN) {
                throw new IllegalArgumentException("Bitstamp reports every trade as a buy or a sell; trade "
                        + trade.tradeId() + " has an unknown side (pass trades through asReported)");
            }
            array.addObject()
                    .put("date", Long.toString(trade.eventTime().getEpochSecond()))
                    .put("tid", trade.tradeId())
                    .put("price", trade.price().toPlainString())
                    .put("amount", trade.quantity().toPlainString())
                    .put("type", trade.side() == TakerSide.BUY ? BitstampCodec.BUY_TYPE : BitstampCodec.SELL_TYPE);
        }
        return HistoryJson.write(array);
    }
}
