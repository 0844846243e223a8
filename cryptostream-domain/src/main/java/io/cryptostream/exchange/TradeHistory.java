package io.cryptostream.exchange;

import io.cryptostream.domain.Market;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A venue's public REST trade history, described: where it is, how it pages, its limits, and the pure pieces that
 * read and write its response bodies. The facts and their sources are in docs/venues.md ("History (REST)").
 * {@link TradeHistories} gives each venue's.
 *
 * @param paging          how a client walks the history
 * @param host            scheme and authority of the venue's REST API, e.g. {@code https://api.binance.com}
 * @param pathTemplate    the path, {@code {symbol}} standing for the market in the venue's notation
 * @param symbol          the market in the notation the path and {@code symbolParameter} want
 * @param symbolParameter the query parameter naming the market, empty when the path names it
 * @param cursorParameter the query parameter carrying the cursor ({@link Paging} says what a cursor is)
 * @param limitParameter  the query parameter bounding a page, empty when a page cannot be bounded
 * @param maxPageSize     the most trades one page holds (0: no documented bound)
 * @param requestWeight   what one request costs against {@code budget} (1 unless the venue weighs requests)
 * @param budget          the venue's documented request budget for one client address
 * @param keyHeader       the header a request carries its API key in, empty when the history is public
 * @param codec           a response body → the trades in it, as the venue's WebSocket codec reads them
 * @param writer          the codec's inverse, for the simulator
 * @param timeCursors     how a time is asked for, for the histories {@link Paging#byTime() asked by time} only
 */
public record TradeHistory(Paging paging, URI host, String pathTemplate, Function<Market, String> symbol,
                           Optional<String> symbolParameter, String cursorParameter, Optional<String> limitParameter,
                           int maxPageSize, int requestWeight, Budget budget, Optional<String> keyHeader,
                           HistoryCodec codec, HistoryWriter writer, Optional<TimeCursors> timeCursors) {

    public TradeHistory {
        if (timeCursors.isPresent() != paging.byTime()) {
            throw new IllegalArgumentException("a history asked by time, and only such, says how a time is written "
                    + "as a cursor; paging is " + paging);
        }
    }

    /** How a history asked by time writes a time as its cursor. */
    @FunctionalInterface
    public interface TimeCursors {
        /** The cursor asking for the trades just after {@code time}, empty when the history no longer reaches it. */
        Optional<String> after(Instant time, Instant now);
    }

    /** How a venue's trade history is walked, which says what a cursor is. */
    public enum Paging {
        /** Ascending from a trade id, inclusive (Binance {@code fromId}); the next page starts after the last id. */
        BY_ID,
        /** Newest first, before or after a trade id, exclusive (Coinbase {@code after}/{@code before}). */
        BY_CURSOR,
        /** Ascending from a time, exclusive, with the next page's time in the body (Kraken {@code since}/{@code last}). */
        BY_TIME_CURSOR,
        /** Only a fixed window back from now (Bitstamp {@code time=minute|hour|day}); no paging. */
        BY_TIME_WINDOW,
        /** No trade history. */
        NONE;

        public boolean byTime() {
            return this == BY_TIME_CURSOR || this == BY_TIME_WINDOW;
        }
    }

    /** At most {@code limit} request weight per {@code window} (Binance counts weight, the others requests). */
    public record Budget(int limit, Duration window) {

        public Budget {
            if (limit < 1) {
                throw new IllegalArgumentException("a request budget allows at least 1, was " + limit);
            }
            Objects.requireNonNull(window, "window");
        }
    }

    /** The description of a venue without a trade history. */
    public static TradeHistory none(String venue) {
        return new TradeHistory(Paging.NONE, URI.create("about:blank"), "", Market::key, Optional.empty(), "",
                Optional.empty(), 0, 1, new Budget(1, Duration.ofSeconds(1)), Optional.empty(),
                (market, body, receivedAt) -> new HistoryPage.Failed(venue + " has no REST trade history"),
                (market, trades, next) -> {
                    throw new UnsupportedOperationException(venue + " has no REST trade history");
                }, Optional.empty());
    }

    public boolean needsApiKey() {
        return keyHeader.isPresent();
    }

    /**
     * The cursor asking a history {@link Paging#byTime() asked by time} for the trades just after {@code time}, at
     * {@code now}; empty when the history no longer reaches back that far.
     */
    public Optional<String> timeCursor(Instant time, Instant now) {
        return timeCursors.orElseThrow(() -> new IllegalStateException(paging + " history has no time cursor"))
                .after(time, now);
    }

    public boolean available() {
        return paging != Paging.NONE;
    }

    /** The path of {@code market}'s history, e.g. {@code /products/BTC-USD/trades}. */
    public String path(Market market) {
        return pathTemplate.replace("{symbol}", symbol.apply(market));
    }

    /**
     * The request for one page of {@code market} on {@code base} (the venue's {@link #host()} or a simulator),
     * from {@code cursor} when given, at most {@code limit} trades where the venue bounds pages.
     */
    public URI page(URI base, Market market, Optional<String> cursor, int limit) {
        if (!available()) {
            throw new IllegalStateException("no trade history to request");
        }
        if (limit < 1 || (maxPageSize > 0 && limit > maxPageSize)) {
            throw new IllegalArgumentException("a page holds 1.." + maxPageSize + " trades, was " + limit);
        }
        StringBuilder query = new StringBuilder();
        symbolParameter.ifPresent(name -> append(query, name, symbol.apply(market)));
        limitParameter.ifPresent(name -> append(query, name, Integer.toString(limit)));
        cursor.ifPresent(value -> append(query, cursorParameter, value));
        String path = path(market);
        return base.resolve(query.isEmpty() ? path : path + "?" + query);
    }

    private static void append(StringBuilder query, String name, String value) {
        if (!query.isEmpty()) {
            query.append('&');
        }
        query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
