package io.cryptostream.exchange.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.HistoryJson;
import io.cryptostream.exchange.HistoryPage;
import io.cryptostream.exchange.TradeHistory;
import io.cryptostream.feed.FrameWriter;
import io.cryptostream.feed.WireTime;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kraken's {@code GET /0/public/Trades?pair=XBTUSD&since=…&count=…}: the trades of one pair ascending after
 * {@code since}, a Unix time in nanoseconds, at most 1000 a page, as
 * {@code {"error":[],"result":{"XXBTZUSD":[["30243.40000","0.34507674",1688669597.8277369,"b","m","",61044952]],
 * "last":"1688671969993150842"}}}: price, volume, time in seconds, taker side {@code b}/{@code s}, order type,
 * miscellaneous, trade id. {@code last} is the next page's {@code since}. The trade ids are WebSocket v2's
 * {@code trade_id}s; the cursor is a time, so a gap is filled by asking from the time of the trade before it.
 */
public final class KrakenHistory {

    /** Public; Kraken limits Trades calls per IP and pair and keeps one call a second within its limits. */
    public static final TradeHistory VENUE = new TradeHistory(TradeHistory.Paging.BY_TIME_CURSOR,
            URI.create("https://api.kraken.com"), "/0/public/Trades", KrakenHistory::restPair, Optional.of("pair"),
            "since", Optional.of("count"), 1000, 1, new TradeHistory.Budget(1, Duration.ofSeconds(1)),
            Optional.empty(), KrakenHistory::decode, KrakenHistory::body, Optional.of((time, now) -> Optional.of(since(time))));

    private KrakenHistory() {
    }

    /** The pair as the REST API's {@code pair} parameter takes it, e.g. {@code XBTUSD}. */
    public static String restPair(Market market) {
        return KrakenSymbols.krakenAsset(market.base()) + KrakenSymbols.krakenAsset(market.quote());
    }

    /** A time as a {@code since} cursor: Unix nanoseconds. */
    public static String since(Instant time) {
        return BigDecimal.valueOf(time.getEpochSecond()).movePointRight(9).add(BigDecimal.valueOf(time.getNano()))
                .toPlainString();
    }

    static HistoryPage decode(Market market, String body, Instant receivedAt) {
        try {
            JsonNode tree = HistoryJson.read(body);
            JsonNode errors = tree.path("error");
            if (errors.isArray() && !errors.isEmpty()) {
                return new HistoryPage.Failed("Kraken answered " + errors);
            }
            JsonNode result = tree.path("result");
            if (!result.isObject()) {
                return new HistoryPage.Failed("Kraken history without a result: " + HistoryJson.excerpt(body));
            }
            JsonNode rows = null;
            for (Iterator<Map.Entry<String, JsonNode>> fields = result.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getKey().equals("last")) {
                    if (rows != null) {
                        return new HistoryPage.Failed("Kraken history of more than one pair: " + HistoryJson.excerpt(body));
                    }
                    rows = field.getValue();
                }
            }
            if (rows == null || !rows.isArray()) {
                return new HistoryPage.Failed("Kraken history without a list of trades: " + HistoryJson.excerpt(body));
            }
            List<Trade> trades = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                trades.add(trade(market, rows.get(i), i, receivedAt));
            }
            Optional<String> next = result.hasNonNull("last") ? Optional.of(result.get("last").asText()) : Optional.empty();
            return new HistoryPage.Trades(trades, next);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return new HistoryPage.Failed("Kraken history: " + e.getMessage());
        }
    }

    private static Trade trade(Market market, JsonNode row, int index, Instant receivedAt) {
        try {
            if (!row.isArray() || row.size() < 7) {
                throw new IllegalArgumentException("not an array of 7 fields: " + row);
            }
            if (!row.get(6).isIntegralNumber()) {
                throw new IllegalArgumentException("trade id is not an integer: " + row.get(6));
            }
            TakerSide side = switch (row.get(3).asText()) {
                case "b" -> TakerSide.BUY;
                case "s" -> TakerSide.SELL;
                default -> throw new IllegalArgumentException("side is neither b nor s: " + row.get(3));
            };
            String time = row.get(2).isNumber() ? row.get(2).decimalValue().toPlainString() : row.get(2).asText();
            return Trade.of(market, side, decimal(row.get(0)), decimal(row.get(1)), row.get(6).asText(),
                    WireTime.epochSecondsWithFraction(time, 0, time.length()), receivedAt);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("trade " + index + ": " + e.getMessage());
        }
    }

    private static BigDecimal decimal(JsonNode value) {
        return value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText());
    }

    /** Trades as Kraken writes them, times in seconds to the microsecond, as {@link KrakenFrames} stamps them. */
    static String body(Market market, List<Trade> trades, String last) {
        ObjectNode root = HistoryJson.object();
        root.putArray("error");
        ObjectNode result = root.putObject("result");
        ArrayNode rows = result.putArray(restPair(market));
        for (Trade trade : trades) {
            Instant time = trade.eventTime();
            rows.addArray()
                    .add(trade.price().toPlainString())
                    .add(trade.quantity().toPlainString())
                    .add(BigDecimal.valueOf(time.getEpochSecond()).add(BigDecimal.valueOf(time.getNano() / 1000, 6)))
                    .add(FrameWriter.knownSide(trade, "Kraken") == TakerSide.BUY ? "b" : "s")
                    .add("l")
                    .add("")
                    .add(Long.parseLong(trade.tradeId()));
        }
        result.put("last", last);
        return HistoryJson.write(root);
    }
}
