package io.cryptostream.simulator;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.TradeHistory;
import io.cryptostream.exchange.bitstamp.BitstampHistory;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.Query;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The venue's REST trade history, served from the latest trades the simulator emitted per market, with the venue's
 * paging and page bound ({@link TradeHistory}), a 410 for a page reaching trades older than those kept, and a 429
 * once a request budget is spent. Binance's answers carry its
 * used-weight header and its 429 a {@code Retry-After}, as documented; a page asking for more than the venue's
 * bound gets the bound.
 */
final class HistoryEndpoint {

    private final TradeHistory history;
    private final Supplier<Set<Market>> markets;
    private final Function<Market, RecentTrades.Kept> recent;
    private final int depth;
    private final Optional<RequestBudget> budget;

    HistoryEndpoint(TradeHistory history, Supplier<Set<Market>> markets, Function<Market, RecentTrades.Kept> recent,
                    int depth, Optional<TradeHistory.Budget> budget) {
        this.history = history;
        this.markets = markets;
        this.recent = recent;
        this.depth = depth;
        this.budget = budget.map(RequestBudget::new);
    }

    /** Whether {@code path} is the history of some market (started or not). */
    boolean serves(String path) {
        if (!history.available()) {
            return false;
        }
        String[] template = history.pathTemplate().split("\\{symbol}", -1);
        return template.length == 1 ? path.equals(template[0])
                : path.startsWith(template[0]) && path.endsWith(template[1])
                && path.length() > template[0].length() + template[1].length();
    }

    HttpResponse respond(HttpRequest request, Instant now) {
        try {
            return page(request, now);
        } catch (IllegalArgumentException e) {
            return HttpResponse.create().withStatus(StatusCodes.BAD_REQUEST).withEntity("Bad history request "
                    + request.getUri() + ": " + e.getMessage());
        }
    }

    private HttpResponse page(HttpRequest request, Instant now) {
        Query query = request.getUri().query();
        Optional<Market> market = market(request.getUri().path(), query);
        if (market.isEmpty()) {
            return HttpResponse.create().withStatus(StatusCodes.BAD_REQUEST).withEntity("No market " + symbol(
                    request.getUri().path(), query).orElse("(none named)") + " in the simulator; it serves the history "
                    + "of the markets a client subscribed to: " + markets.get());
        }
        if (budget.isPresent()) {
            OptionalLong retryAfter = budget.get().spend(history.requestWeight(), now);
            if (retryAfter.isPresent()) {
                HttpResponse tooMany = HttpResponse.create().withStatus(StatusCodes.TOO_MANY_REQUESTS)
                        .withEntity("Too many requests: the budget is " + budget.get().budget().limit()
                                + " request weight per " + budget.get().budget().window());
                return history.paging() == TradeHistory.Paging.BY_ID
                        ? weighed(tooMany.addHeader(RawHeader.create("Retry-After", Long.toString(retryAfter.getAsLong()))))
                        : tooMany;
            }
        }
        int limit = history.limitParameter().flatMap(query::get).map(Integer::parseInt)
                .map(asked -> history.maxPageSize() > 0 ? Math.min(asked, history.maxPageSize()) : asked)
                .orElse(history.maxPageSize());
        if (history.limitParameter().isPresent() && limit < 1) {
            throw new IllegalArgumentException(history.limitParameter().get() + " must be at least 1");
        }
        Optional<String> cursor = query.get(history.cursorParameter());
        RecentTrades.Kept kept = recent.apply(market.get());
        if (kept.lastGone().isPresent() && reachesGone(kept, query, cursor, limit, now)) {
            return HttpResponse.create().withStatus(StatusCodes.GONE).withEntity("The history of " + market.get()
                    + " asked for by " + request.getUri().query() + " is gone: the simulator keeps the latest " + depth
                    + " trades of a market, the oldest kept being id " + kept.trades().get(0).tradeId());
        }
        List<Trade> trades = kept.trades();
        return switch (history.paging()) {
            case BY_ID -> weighed(json(byId(trades, cursor, limit), market.get(), ""));
            case BY_CURSOR -> byCursor(trades, query, limit, market.get());
            case BY_TIME_CURSOR -> byTimeCursor(trades, cursor, limit, market.get());
            case BY_TIME_WINDOW -> json(byWindow(trades, cursor, now), market.get(), "");
            case NONE -> throw new IllegalStateException("no history is served");
        };
    }

    /** Whether the page asked for holds trades older than the kept ones (some were dropped: {@code lastGone}). */
    private boolean reachesGone(RecentTrades.Kept kept, Query query, Optional<String> cursor, int limit, Instant now) {
        Trade gone = kept.lastGone().orElseThrow();
        return switch (history.paging()) {
            case BY_ID -> cursor.map(Long::parseLong).filter(from -> from <= Long.parseLong(gone.tradeId())).isPresent();
            case BY_CURSOR -> query.get("before").isEmpty() && query.get("after").map(Long::parseLong)
                    .filter(after -> kept.trades().stream().filter(t -> Long.parseLong(t.tradeId()) < after).count()
                            < limit).isPresent();
            case BY_TIME_CURSOR -> cursor.map(Long::parseLong)
                    .filter(after -> after < nanos(gone.eventTime())).isPresent();
            case BY_TIME_WINDOW -> gone.eventTime().isAfter(window(cursor, now));
            case NONE -> false;
        };
    }

    /** Binance: ascending from {@code fromId} inclusive; without it, the latest page. */
    private static List<Trade> byId(List<Trade> trades, Optional<String> fromId, int limit) {
        if (fromId.isEmpty()) {
            return trades.subList(Math.max(0, trades.size() - limit), trades.size());
        }
        long from = Long.parseLong(fromId.get());
        return trades.stream().filter(t -> Long.parseLong(t.tradeId()) >= from).limit(limit).toList();
    }

    /** Coinbase: {@code after} → the older page below the id, {@code before} → the newer page above it. */
    private HttpResponse byCursor(List<Trade> trades, Query query, int limit, Market market) {
        Optional<Long> after = query.get("after").map(Long::parseLong);
        Optional<Long> before = query.get("before").map(Long::parseLong);
        List<Trade> page;
        if (before.isPresent()) {
            page = trades.stream().filter(t -> Long.parseLong(t.tradeId()) > before.get()).limit(limit).toList();
        } else {
            List<Trade> older = after.map(a -> trades.stream().filter(t -> Long.parseLong(t.tradeId()) < a).toList())
                    .orElse(trades);
            page = older.subList(Math.max(0, older.size() - limit), older.size());
        }
        HttpResponse response = json(page, market, "");
        if (page.isEmpty()) {
            return response;
        }
        return response.addHeader(RawHeader.create("CB-BEFORE", page.get(page.size() - 1).tradeId()))
                .addHeader(RawHeader.create("CB-AFTER", page.get(0).tradeId()));
    }

    /** Kraken: ascending after {@code since} (Unix ns, exclusive); {@code last} is the time of the page's last trade. */
    private HttpResponse byTimeCursor(List<Trade> trades, Optional<String> since, int limit, Market market) {
        List<Trade> page;
        if (since.isEmpty()) {
            page = trades.subList(Math.max(0, trades.size() - limit), trades.size());
        } else {
            long after = Long.parseLong(since.get());
            page = trades.stream().filter(t -> nanos(t.eventTime()) > after).limit(limit).toList();
        }
        String last = page.isEmpty() ? since.orElse("0") : history.timeCursor(page.get(page.size() - 1).eventTime(), Instant.now()).orElseThrow();
        return json(page, market, last);
    }

    /** Bitstamp: every trade of the last minute, hour (the default) or day. */
    private static List<Trade> byWindow(List<Trade> trades, Optional<String> time, Instant now) {
        Instant start = window(time, now);
        return trades.stream().filter(t -> t.eventTime().isAfter(start)).toList();
    }

    /** Where Bitstamp's window of {@code time} starts. */
    private static Instant window(Optional<String> time, Instant now) {
        BitstampHistory.Window window = time.map(t -> BitstampHistory.Window.valueOf(t.toUpperCase(Locale.ROOT)))
                .orElse(BitstampHistory.Window.HOUR);
        return now.minus(window.length());
    }

    private static long nanos(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
    }

    private HttpResponse json(List<Trade> trades, Market market, String next) {
        return HttpResponse.create().withStatus(StatusCodes.OK)
                .withEntity(ContentTypes.APPLICATION_JSON, history.writer().body(market, new ArrayList<>(trades), next));
    }

    /** Binance's used weight of the window, e.g. {@code X-MBX-USED-WEIGHT-1M}. */
    private HttpResponse weighed(HttpResponse response) {
        if (budget.isEmpty()) {
            return response;
        }
        Duration window = budget.get().budget().window();
        String interval = window.toSeconds() % 60 == 0 ? window.toMinutes() + "M" : window.toSeconds() + "S";
        return response.addHeader(RawHeader.create("X-MBX-USED-WEIGHT-" + interval, Long.toString(budget.get().used())));
    }

    private Optional<Market> market(String path, Query query) {
        return symbol(path, query).flatMap(symbol -> markets.get().stream()
                .filter(market -> history.symbol().apply(market).equals(symbol)).findFirst());
    }

    private Optional<String> symbol(String path, Query query) {
        if (history.symbolParameter().isPresent()) {
            return query.get(history.symbolParameter().get());
        }
        String[] template = history.pathTemplate().split("\\{symbol}", -1);
        return Optional.of(path.substring(template[0].length(), path.length() - template[1].length()));
    }
}
