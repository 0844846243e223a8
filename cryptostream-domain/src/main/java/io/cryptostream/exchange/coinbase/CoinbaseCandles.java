package io.cryptostream.exchange.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cryptostream.exchange.CandleHistory;
import io.cryptostream.exchange.CandlePage;
import io.cryptostream.exchange.HistoryJson;
import io.cryptostream.exchange.VenueCandle;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Coinbase Exchange's {@code GET /products/{product_id}/candles?granularity=60&start=&end=} (ISO 8601): newest first,
 * each candle {@code [time, low, high, open, close, volume]}, time in Unix seconds, prices and volume JSON numbers.
 * At most 300 candles; a range holding more is rejected. No candle for a minute without trades, no trade count.
 */
public final class CoinbaseCandles {

    /** Public; 10 requests a second per IP. */
    public static final CandleHistory EXCHANGE = new CandleHistory(URI.create("https://api.exchange.coinbase.com"),
            "/products/{symbol}/candles", CoinbaseSymbols::productId, Optional.empty(), Map.of("granularity", "60"),
            "start", Optional.of("end"), CandleHistory.TimeFormat.ISO_8601, Optional.empty(), 300, Optional.empty(),
            false, CoinbaseCandles::decode, (market, candles) -> body(candles));

    private CoinbaseCandles() {
    }

    static CandlePage decode(String body) {
        try {
            JsonNode tree = HistoryJson.read(body);
            if (tree.isObject() && tree.has("message")) {
                return new CandlePage.Failed("Coinbase answered: " + tree.get("message").asText());
            }
            if (!tree.isArray()) {
                return new CandlePage.Failed("Coinbase candles are not an array: " + HistoryJson.excerpt(body));
            }
            List<VenueCandle> candles = new ArrayList<>(tree.size());
            for (int i = 0; i < tree.size(); i++) {
                JsonNode c = tree.get(i);
                String where = "candle " + i;
                if (!c.isArray() || c.size() < 6) {
                    throw new IllegalArgumentException(where + " is not an array of 6 fields: " + c);
                }
                candles.add(new VenueCandle(Instant.ofEpochSecond(HistoryJson.integer(c.get(0), where + " time")),
                        HistoryJson.number(c.get(3), where + " open"), HistoryJson.number(c.get(2), where + " high"),
                        HistoryJson.number(c.get(1), where + " low"), HistoryJson.number(c.get(4), where + " close"),
                        HistoryJson.number(c.get(5), where + " volume"), OptionalLong.empty()));
            }
            candles.sort(Comparator.comparing(VenueCandle::openTime));
            return new CandlePage.Candles(candles);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return new CandlePage.Failed("Coinbase candles: " + e.getMessage());
        }
    }

    /** Candles as Coinbase writes them: newest first, numbers as JSON numbers. */
    static String body(List<VenueCandle> candles) {
        ArrayNode array = HistoryJson.array();
        for (int i = candles.size() - 1; i >= 0; i--) {
            VenueCandle c = candles.get(i);
            array.addArray().add(c.openTime().getEpochSecond()).add(c.low()).add(c.high()).add(c.open()).add(c.close())
                    .add(c.volume());
        }
        return HistoryJson.write(array);
    }
}
