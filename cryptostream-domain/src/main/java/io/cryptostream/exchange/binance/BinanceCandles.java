package io.cryptostream.exchange.binance;

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
 * Binance's klines, {@code GET /api/v3/klines} (spot) and {@code GET /fapi/v1/klines} (USD-M), with
 * {@code interval=1m}, {@code startTime}/{@code endTime} in ms and {@code limit}: ascending, each kline
 * {@code [openTime, "open", "high", "low", "close", "volume", closeTime, "quoteVolume", trades, "takerBuyBase",
 * "takerBuyQuote", "0"]}. Klines are identified by their open time.
 */
public final class BinanceCandles {

    /** Spot: at most 1000 klines an answer (default 500), weight 2. */
    public static final CandleHistory SPOT = describe(BinanceVenue.SPOT, "https://api.binance.com", "/api/v3/klines", 1000);
    /** USD-M: at most 1500 klines an answer (default 500); weight 1 to 10 by {@code limit}. */
    public static final CandleHistory USDM_FUTURES = describe(BinanceVenue.USDM_FUTURES, "https://fapi.binance.com",
            "/fapi/v1/klines", 1500);

    private BinanceCandles() {
    }

    private static CandleHistory describe(BinanceVenue venue, String host, String path, int maxCandles) {
        return new CandleHistory(URI.create(host), path, BinanceSymbols::symbol, Optional.of("symbol"),
                Map.of("interval", "1m"), "startTime", Optional.of("endTime"), CandleHistory.TimeFormat.EPOCH_MILLIS,
                Optional.of("limit"), maxCandles, Optional.empty(), true, body -> decode(venue, body),
                (market, candles) -> body(candles));
    }

    static CandlePage decode(BinanceVenue venue, String body) {
        try {
            JsonNode tree = HistoryJson.read(body);
            if (tree.isObject() && tree.has("code")) {
                return new CandlePage.Failed(venue.exchange() + " answered error " + tree.get("code").asText() + ": "
                        + tree.path("msg").asText());
            }
            if (!tree.isArray()) {
                return new CandlePage.Failed(venue.exchange() + " klines are not an array: " + HistoryJson.excerpt(body));
            }
            List<VenueCandle> candles = new ArrayList<>(tree.size());
            for (int i = 0; i < tree.size(); i++) {
                candles.add(kline(tree.get(i), i));
            }
            candles.sort(Comparator.comparing(VenueCandle::openTime));
            return new CandlePage.Candles(candles);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return new CandlePage.Failed(venue.exchange() + " klines: " + e.getMessage());
        }
    }

    private static VenueCandle kline(JsonNode k, int index) {
        String where = "kline " + index;
        if (!k.isArray() || k.size() < 9) {
            throw new IllegalArgumentException(where + " is not an array of 12 fields: " + k);
        }
        return new VenueCandle(Instant.ofEpochMilli(HistoryJson.integer(k.get(0), where + " open time")),
                HistoryJson.number(k.get(1), where + " open"), HistoryJson.number(k.get(2), where + " high"),
                HistoryJson.number(k.get(3), where + " low"), HistoryJson.number(k.get(4), where + " close"),
                HistoryJson.number(k.get(5), where + " volume"),
                OptionalLong.of(HistoryJson.integer(k.get(8), where + " trades")));
    }

    /**
     * Klines as Binance writes them. The quote and taker-buy volumes are not part of a {@link VenueCandle}, so the
     * simulator's klines carry {@code "0"} there; nothing compares them.
     */
    static String body(List<VenueCandle> candles) {
        ArrayNode array = HistoryJson.array();
        for (VenueCandle c : candles) {
            array.addArray()
                    .add(c.openTime().toEpochMilli())
                    .add(c.open().toPlainString()).add(c.high().toPlainString())
                    .add(c.low().toPlainString()).add(c.close().toPlainString())
                    .add(c.volume().toPlainString())
                    .add(c.openTime().plus(CandleHistory.MINUTE).toEpochMilli() - 1)
                    .add("0")
                    .add(c.trades().orElse(0))
                    .add("0").add("0").add("0");
        }
        return HistoryJson.write(array);
    }
}
