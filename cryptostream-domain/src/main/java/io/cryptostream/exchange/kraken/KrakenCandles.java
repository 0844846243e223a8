package io.cryptostream.exchange.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cryptostream.domain.Market;
import io.cryptostream.exchange.CandleHistory;
import io.cryptostream.exchange.CandlePage;
import io.cryptostream.exchange.HistoryJson;
import io.cryptostream.exchange.VenueCandle;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Kraken's {@code GET /0/public/OHLC?pair=XBTUSD&interval=1&since=} (Unix seconds): {@code {"error":[],"result":
 * {"XXBTZUSD":[[time, "open", "high", "low", "close", "vwap", "volume", count]],"last":time}}}, ascending. Only the
 * 720 most recent candles are served, whatever {@code since} asks; the last one is the minute still in progress.
 */
public final class KrakenCandles {

    /** Public; 720 minutes back from now at most. */
    public static final CandleHistory VENUE = new CandleHistory(URI.create("https://api.kraken.com"), "/0/public/OHLC",
            KrakenHistory::restPair, Optional.of("pair"), Map.of("interval", "1"), "since", Optional.empty(),
            CandleHistory.TimeFormat.EPOCH_SECONDS, Optional.empty(), 720, Optional.of(Duration.ofMinutes(720)), true,
            KrakenCandles::decode, KrakenCandles::body);

    private KrakenCandles() {
    }

    static CandlePage decode(String body) {
        try {
            JsonNode tree = HistoryJson.read(body);
            JsonNode errors = tree.path("error");
            if (errors.isArray() && !errors.isEmpty()) {
                return new CandlePage.Failed("Kraken answered " + errors);
            }
            JsonNode result = tree.path("result");
            if (!result.isObject()) {
                return new CandlePage.Failed("Kraken OHLC without a result: " + HistoryJson.excerpt(body));
            }
            JsonNode rows = null;
            for (Iterator<Map.Entry<String, JsonNode>> fields = result.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getKey().equals("last")) {
                    if (rows != null) {
                        return new CandlePage.Failed("Kraken OHLC of more than one pair: " + HistoryJson.excerpt(body));
                    }
                    rows = field.getValue();
                }
            }
            if (rows == null || !rows.isArray()) {
                return new CandlePage.Failed("Kraken OHLC without a list of candles: " + HistoryJson.excerpt(body));
            }
            List<VenueCandle> candles = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                JsonNode r = rows.get(i);
                String where = "candle " + i;
                if (!r.isArray() || r.size() < 8) {
                    throw new IllegalArgumentException(where + " is not an array of 8 fields: " + r);
                }
                candles.add(new VenueCandle(Instant.ofEpochSecond(HistoryJson.integer(r.get(0), where + " time")),
                        HistoryJson.number(r.get(1), where + " open"), HistoryJson.number(r.get(2), where + " high"),
                        HistoryJson.number(r.get(3), where + " low"), HistoryJson.number(r.get(4), where + " close"),
                        HistoryJson.number(r.get(6), where + " volume"),
                        OptionalLong.of(HistoryJson.integer(r.get(7), where + " count"))));
            }
            candles.sort(Comparator.comparing(VenueCandle::openTime));
            return new CandlePage.Candles(candles);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return new CandlePage.Failed("Kraken OHLC: " + e.getMessage());
        }
    }

    /**
     * Candles as Kraken writes them. A {@link VenueCandle} has no quote volume, so the simulator writes the mean of
     * open and close as the VWAP (rounded to 8 places, as Kraken writes prices); nothing compares it.
     */
    static String body(Market market, List<VenueCandle> candles) {
        ObjectNode root = HistoryJson.object();
        root.putArray("error");
        ObjectNode result = root.putObject("result");
        ArrayNode rows = result.putArray(KrakenHistory.restPair(market));
        for (VenueCandle c : candles) {
            rows.addArray().add(c.openTime().getEpochSecond())
                    .add(c.open().toPlainString()).add(c.high().toPlainString())
                    .add(c.low().toPlainString()).add(c.close().toPlainString())
                    .add(c.open().add(c.close()).divide(BigDecimal.valueOf(2), 8, RoundingMode.HALF_EVEN).toPlainString())
                    .add(c.volume().toPlainString())
                    .add(c.trades().orElse(0));
        }
        result.put("last", candles.isEmpty() ? 0 : candles.get(candles.size() - 1).openTime().getEpochSecond());
        return HistoryJson.write(root);
    }
}
