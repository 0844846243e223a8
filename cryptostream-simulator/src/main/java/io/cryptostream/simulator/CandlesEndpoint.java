package io.cryptostream.simulator;

import io.cryptostream.domain.Market;
import io.cryptostream.exchange.CandleHistory;
import io.cryptostream.exchange.VenueCandle;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.Query;
import org.apache.pekko.http.javadsl.model.StatusCodes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The venue's REST 1-minute candles ({@link CandleHistory}), computed from the trades the simulator emitted
 * ({@link MinuteCandles}), with the venue's bounds: at most {@code maxCandles} an answer (the first ones from the
 * start; Kraken's the most recent, and none older than its reach), a range over Coinbase's 300 rejected. Only minutes
 * with trades have a candle (as on Coinbase; the other venues also publish empty minutes, which verify ignores).
 * Bounds are inclusive.
 */
final class CandlesEndpoint {

    private final CandleHistory candles;
    private final Supplier<Set<Market>> markets;
    private final MinuteCandles minutes;

    CandlesEndpoint(CandleHistory candles, Supplier<Set<Market>> markets, MinuteCandles minutes) {
        this.candles = candles;
        this.markets = markets;
        this.minutes = minutes;
    }

    /** Whether {@code path} is the candles of some market (started or not). */
    boolean serves(String path) {
        if (!candles.available()) {
            return false;
        }
        String[] template = candles.pathTemplate().split("\\{symbol}", -1);
        return template.length == 1 ? path.equals(template[0])
                : path.startsWith(template[0]) && path.endsWith(template[1])
                && path.length() > template[0].length() + template[1].length();
    }

    HttpResponse respond(HttpRequest request, Instant now) {
        try {
            return answer(request, now);
        } catch (IllegalArgumentException e) {
            return HttpResponse.create().withStatus(StatusCodes.BAD_REQUEST).withEntity("Bad candles request "
                    + request.getUri() + ": " + e.getMessage());
        }
    }

    private HttpResponse answer(HttpRequest request, Instant now) {
        Query query = request.getUri().query();
        Optional<String> symbol = symbol(request.getUri().path(), query);
        Optional<Market> market = symbol.flatMap(s -> markets.get().stream()
                .filter(m -> candles.symbol().apply(m).equals(s)).findFirst());
        if (market.isEmpty()) {
            return HttpResponse.create().withStatus(StatusCodes.BAD_REQUEST).withEntity("No market "
                    + symbol.orElse("(none named)") + " in the simulator; it serves the candles of the markets a "
                    + "client subscribed to: " + markets.get());
        }
        candles.fixedParameters().forEach((name, value) -> {
            if (!query.get(name).map(value::equals).orElse(false)) {
                throw new IllegalArgumentException("the simulator serves " + name + "=" + value + " only");
            }
        });
        Instant oldest = candles.reach().map(now::minus).orElse(Instant.EPOCH);
        Instant start = query.get(candles.startParameter()).map(candles.timeFormat()::read).orElse(oldest);
        Instant end = candles.endParameter().flatMap(query::get).map(candles.timeFormat()::read).orElse(now);
        int limit = candles.limitParameter().flatMap(query::get).map(Integer::parseInt)
                .map(asked -> Math.min(asked, candles.maxCandles())).orElse(candles.maxCandles());
        if (limit < 1) {
            throw new IllegalArgumentException(candles.limitParameter().orElseThrow() + " must be at least 1");
        }
        if (candles.limitParameter().isEmpty() && candles.endParameter().isPresent()
                && Duration.between(start, end).toMinutes() > candles.maxCandles()) {
            throw new IllegalArgumentException("the range holds more than " + candles.maxCandles() + " candles");
        }
        List<VenueCandle> found = minutes.between(market.get(), start.isBefore(oldest) ? oldest : start, end);
        List<VenueCandle> page = candles.reach().isPresent()
                ? found.subList(Math.max(0, found.size() - limit), found.size())
                : found.subList(0, Math.min(limit, found.size()));
        return HttpResponse.create().withStatus(StatusCodes.OK)
                .withEntity(ContentTypes.APPLICATION_JSON, candles.writer().body(market.get(), page));
    }

    private Optional<String> symbol(String path, Query query) {
        if (candles.symbolParameter().isPresent()) {
            return query.get(candles.symbolParameter().get());
        }
        String[] template = candles.pathTemplate().split("\\{symbol}", -1);
        return Optional.of(path.substring(template[0].length(), path.length() - template[1].length()));
    }
}
