package io.cryptostream.exchange.bitstamp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cryptostream.domain.Market;
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
 * Bitstamp's {@code GET /api/v2/ohlc/{market_symbol}/?step=60&start=&end=&limit=} (Unix seconds):
 * {@code {"data":{"pair":"BTC/USD","ohlc":[{"timestamp":"…","open":"…","high":"…","low":"…","close":"…",
 * "volume":"…"}]}}}, ascending, values as strings. At most 1000 candles; no trade count.
 */
public final class BitstampCandles {

    /** Public; the minute in progress left out ({@code exclude_current_candle}). */
    public static final CandleHistory VENUE = new CandleHistory(URI.create("https://www.bitstamp.net"),
            "/api/v2/ohlc/{symbol}/", BitstampSymbols::pair, Optional.empty(),
            Map.of("step", "60", "exclude_current_candle", "true"), "start", Optional.of("end"),
            CandleHistory.TimeFormat.EPOCH_SECONDS, Optional.of("limit"), 1000, Optional.empty(), false,
            BitstampCandles::decode, BitstampCandles::body);

    private BitstampCandles() {
    }

    static CandlePage decode(String body) {
        try {
            JsonNode tree = HistoryJson.read(body);
            JsonNode rows = tree.path("data").path("ohlc");
            if (!rows.isArray()) {
                return new CandlePage.Failed("Bitstamp OHLC without data.ohlc: " + HistoryJson.excerpt(body));
            }
            List<VenueCandle> candles = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                JsonNode r = rows.get(i);
                String where = "candle " + i;
                candles.add(new VenueCandle(Instant.ofEpochSecond(HistoryJson.integer(r.get("timestamp"), where + " timestamp")),
                        HistoryJson.number(r.get("open"), where + " open"), HistoryJson.number(r.get("high"), where + " high"),
                        HistoryJson.number(r.get("low"), where + " low"), HistoryJson.number(r.get("close"), where + " close"),
                        HistoryJson.number(r.get("volume"), where + " volume"), OptionalLong.empty()));
            }
            candles.sort(Comparator.comparing(VenueCandle::openTime));
            return new CandlePage.Candles(candles);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return new CandlePage.Failed("Bitstamp OHLC: " + e.getMessage());
        }
    }

    static String body(Market market, List<VenueCandle> candles) {
        ObjectNode root = HistoryJson.object();
        ObjectNode data = root.putObject("data");
        data.put("pair", market.base() + "/" + market.quote());
        ArrayNode rows = data.putArray("ohlc");
        for (VenueCandle c : candles) {
            rows.addObject().put("timestamp", Long.toString(c.openTime().getEpochSecond()))
                    .put("open", c.open().toPlainString()).put("high", c.high().toPlainString())
                    .put("low", c.low().toPlainString()).put("close", c.close().toPlainString())
                    .put("volume", c.volume().toPlainString());
        }
        return HistoryJson.write(root);
    }
}
