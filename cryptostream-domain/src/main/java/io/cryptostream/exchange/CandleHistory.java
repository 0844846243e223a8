package io.cryptostream.exchange;

import io.cryptostream.domain.Market;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A venue's public REST endpoint of 1-minute candles, described: where it is, how a time range is asked for, how many
 * candles one answer holds, and the pure pieces that read and write its bodies. The facts and their sources are in
 * docs/venues.md ("Candles (REST)"); {@link CandleHistories} gives each venue's.
 *
 * <p>A range {@code [from, to)} of whole minutes is asked for as {@code start = from − 1 s} and {@code end = to − 1 s},
 * which selects exactly the candles opening in the range whether the venue reads its bounds as inclusive or
 * exclusive.
 *
 * @param host            scheme and authority of the venue's REST API
 * @param pathTemplate    the path, {@code {symbol}} standing for the market in the venue's notation
 * @param symbol          the market in the notation the path and {@code symbolParameter} want
 * @param symbolParameter the query parameter naming the market, empty when the path names it
 * @param fixedParameters parameters every request carries (the 1-minute interval, in the venue's words)
 * @param startParameter  the parameter of the range's start
 * @param endParameter    the parameter of the range's end, empty when the venue takes none (Kraken)
 * @param timeFormat      how start and end are written
 * @param limitParameter  the parameter bounding the answer, empty when the venue takes none
 * @param maxCandles      the most candles one answer holds; a longer range is asked for in pieces
 * @param reach           how far back from now the venue serves candles at all, empty when it has no such bound
 * @param countsTrades    whether a candle carries its trade count
 * @param codec           a response body → its candles
 * @param writer          the codec's inverse, for the simulator
 */
public record CandleHistory(URI host, String pathTemplate, Function<Market, String> symbol,
                            Optional<String> symbolParameter, Map<String, String> fixedParameters,
                            String startParameter, Optional<String> endParameter, TimeFormat timeFormat,
                            Optional<String> limitParameter, int maxCandles, Optional<Duration> reach,
                            boolean countsTrades, CandleCodec codec, CandleWriter writer) {

    /** One minute, the only candle length this describes. */
    public static final Duration MINUTE = Duration.ofMinutes(1);

    public CandleHistory {
        Objects.requireNonNull(host, "host");
        fixedParameters = new LinkedHashMap<>(fixedParameters);
        if (maxCandles < 0) {
            throw new IllegalArgumentException("maxCandles must not be negative, was " + maxCandles);
        }
    }

    /** How a venue writes the times of a range. */
    public enum TimeFormat {
        EPOCH_MILLIS, EPOCH_SECONDS, ISO_8601;

        public String write(Instant time) {
            return switch (this) {
                case EPOCH_MILLIS -> Long.toString(time.toEpochMilli());
                case EPOCH_SECONDS -> Long.toString(time.getEpochSecond());
                case ISO_8601 -> time.toString();
            };
        }

        /** @throws IllegalArgumentException when {@code text} is not a time of this format */
        public Instant read(String text) {
            try {
                return switch (this) {
                    case EPOCH_MILLIS -> Instant.ofEpochMilli(Long.parseLong(text));
                    case EPOCH_SECONDS -> Instant.ofEpochSecond(Long.parseLong(text));
                    case ISO_8601 -> Instant.parse(text);
                };
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new IllegalArgumentException("not a time (" + this + "): " + text);
            }
        }
    }

    /** The description of a venue without a candle endpoint. */
    public static CandleHistory none(String venue) {
        return new CandleHistory(URI.create("about:blank"), "", Market::key, Optional.empty(), Map.of(), "",
                Optional.empty(), TimeFormat.EPOCH_SECONDS, Optional.empty(), 0, Optional.empty(), false,
                body -> new CandlePage.Failed(venue + " has no REST candles"),
                (market, candles) -> {
                    throw new UnsupportedOperationException(venue + " has no REST candles");
                });
    }

    public boolean available() {
        return maxCandles > 0;
    }

    /** The path of {@code market}'s candles, e.g. {@code /products/BTC-USD/candles}. */
    public String path(Market market) {
        return pathTemplate.replace("{symbol}", symbol.apply(market));
    }

    /**
     * The request for the 1-minute candles of {@code market} opening in {@code [from, to)} on {@code base} (the
     * venue's {@link #host()} or a simulator); the range holds at most {@link #maxCandles()} minutes.
     */
    public URI request(URI base, Market market, Instant from, Instant to) {
        if (!available()) {
            throw new IllegalStateException("no candles to request");
        }
        long minutes = Duration.between(from, to).toMinutes();
        if (minutes < 1 || minutes > maxCandles) {
            throw new IllegalArgumentException("a request asks for 1.." + maxCandles + " minutes, was [" + from + ", "
                    + to + ")");
        }
        StringBuilder query = new StringBuilder();
        symbolParameter.ifPresent(name -> append(query, name, symbol.apply(market)));
        fixedParameters.forEach((name, value) -> append(query, name, value));
        append(query, startParameter, timeFormat.write(from.minusSeconds(1)));
        endParameter.ifPresent(name -> append(query, name, timeFormat.write(to.minusSeconds(1))));
        limitParameter.ifPresent(name -> append(query, name, Long.toString(minutes)));
        return base.resolve(path(market) + "?" + query);
    }

    private static void append(StringBuilder query, String name, String value) {
        if (!query.isEmpty()) {
            query.append('&');
        }
        query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
