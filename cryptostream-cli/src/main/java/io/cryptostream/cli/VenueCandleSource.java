package io.cryptostream.cli;

import io.cryptostream.domain.Market;
import io.cryptostream.exchange.CandleHistory;
import io.cryptostream.exchange.CandlePage;
import io.cryptostream.exchange.HistoryJson;
import io.cryptostream.exchange.VenueCandle;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a venue's 1-minute candles of a range over HTTP, in as many requests of at most {@code maxCandles} minutes
 * as the range needs, one after the other.
 */
final class VenueCandleSource {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final CandleHistory candles;
    private final URI base;
    private final String venueName;

    VenueCandleSource(CandleHistory candles, URI base, String venueName) {
        this.candles = candles;
        this.base = base;
        this.venueName = venueName;
    }

    /** The candles opening in {@code [from, to)} (whole minutes), oldest first. */
    List<VenueCandle> read(Market market, Instant from, Instant to) {
        Map<Instant, VenueCandle> read = new TreeMap<>();
        Duration piece = CandleHistory.MINUTE.multipliedBy(candles.maxCandles());
        for (Instant start = from; start.isBefore(to); start = start.plus(piece)) {
            Instant end = start.plus(piece).isBefore(to) ? start.plus(piece) : to;
            for (VenueCandle candle : page(candles.request(base, market, start, end))) {
                if (!candle.openTime().isBefore(start) && candle.openTime().isBefore(end)) {
                    read.put(candle.openTime(), candle);
                }
            }
        }
        return List.copyOf(read.values());
    }

    private List<VenueCandle> page(URI request) {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(request).timeout(TIMEOUT).header("Accept", "application/json")
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(venueName + " candles at " + request + " could not be read (" + e
                    + "): is the address right? Set it with " + "<venue>.candles-url in the settings file");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + request);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(venueName + " answered HTTP " + response.statusCode() + " to " + request
                    + ": " + HistoryJson.excerpt(response.body().replace('\n', ' ')));
        }
        CandlePage page = candles.codec().decode(response.body());
        if (page instanceof CandlePage.Failed failed) {
            throw new IllegalStateException(failed.reason() + " (" + request + ")");
        }
        return ((CandlePage.Candles) page).candles();
    }
}
