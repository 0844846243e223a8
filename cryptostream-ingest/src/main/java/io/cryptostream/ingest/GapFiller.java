package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.HistoryPage;
import io.cryptostream.exchange.TradeHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fills trade-id gaps from the venue's REST trade history, on a thread of its own so that live trades never wait on
 * a fill: gaps queue (bounded; a gap past the bound is reported unfillable), one at a time the filler walks the
 * history pages that hold the missing ids, paced by {@link HistoryPacing} (the venue's budget, 429 + Retry-After,
 * backoff), and hands each missing trade it finds to {@link Recovered}, which passes it through the run's intake to
 * the sink. A gap is filled when every missing id came back, else reported unfillable with the reason. At a stop,
 * the fills queued and in flight finish within the stop's grace, or are reported unfillable ({@link #stop}); a trade
 * recovered later after its time than the job's watermark delay is counted, as the job will drop it as late.
 *
 * <p>The JDK HttpClient, not Pekko HTTP's: a fill is a short sequential walk of pages on this thread, where blocking
 * calls keep the pacing a plain loop, and it shares no connection pool or dispatcher with the WebSocket sessions.
 */
final class GapFiller implements TradeIntake.MissedTrades {

    private static final Logger log = LoggerFactory.getLogger(GapFiller.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final String STOPPED = "ingest stopped before the gap was filled";
    private static final String LATE = "behind the watermark";

    /** Passes on a trade the history returned, blocking while the stream is full. */
    @FunctionalInterface
    interface Recovered {
        /** Whether the trade went on to the sink as one the socket had not delivered. */
        boolean accept(Trade trade) throws InterruptedException;
    }

    private final String venue;
    private final TradeHistory history;
    private final GapFillSettings settings;
    private final URI base;
    private final IngestMetrics metrics;
    private final HttpClient http;
    private final Clock clock;
    private final Recovered recovered;
    private final HistoryPacing pacing;
    private final BlockingQueue<Fill> pending;
    private final Set<String> reasonsLogged = ConcurrentHashMap.newKeySet();
    private final Thread worker;
    /** Guards {@link #stopping} and {@link #idle}, and keeps a gap from being queued once the filler stops. */
    private final Object lock = new Object();
    private boolean stopping;
    private boolean idle;
    private volatile boolean abandoned;

    GapFiller(String venue, TradeHistory history, GapFillSettings settings, IngestMetrics metrics, Clock clock,
              Recovered recovered) {
        this.venue = venue;
        this.history = history;
        this.settings = settings;
        this.base = settings.historyBase().orElse(history.host());
        this.metrics = metrics;
        this.http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        this.clock = clock;
        this.recovered = recovered;
        this.pacing = HistoryPacing.of(history, settings);
        this.pending = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.worker = new Thread(this::fillUntilStopped, "gap-filler-" + venue);
        worker.setDaemon(true);
        if (history.available()) {
            worker.start();
        }
    }

    /** What the filler works on: a trade-id gap, or the span of a reconnect on a venue without gap detection. */
    private sealed interface Fill {
        record Ids(TradeIdGaps.Gap gap) implements Fill {
        }

        record Span(ReconnectSpans.Span span) implements Fill {
        }
    }

    /** Queues {@code gap} to be filled, or reports it unfillable at once; never blocks. */
    @Override
    public void gap(TradeIdGaps.Gap gap) {
        submit(new Fill.Ids(gap), cannotFill(gap));
    }

    /** Queues the span of a reconnect to be filled by time, or reports it unfillable at once; never blocks. */
    @Override
    public void span(ReconnectSpans.Span span) {
        metrics.reconnectSpan();
        Optional<String> cannot = switch (history.paging()) {
            case NONE -> Optional.of(venue + " has no REST trade history");
            case BY_ID, BY_CURSOR -> Optional.of(venue + "'s REST history is asked by trade id, not by time");
            case BY_TIME_WINDOW, BY_TIME_CURSOR -> firstCursor(span).isPresent() ? Optional.empty()
                    : Optional.of("the span began before the longest window of " + venue + "'s REST history");
        };
        submit(new Fill.Span(span), cannot);
    }

    private void submit(Fill fill, Optional<String> cannot) {
        if (cannot.isPresent()) {
            unfillable(fill, cannot.get());
            return;
        }
        synchronized (lock) {
            if (stopping) {
                unfillable(fill, STOPPED);
            } else if (!pending.offer(fill)) {
                unfillable(fill, "the queue of " + settings.queueCapacity() + " gaps to fill was full");
            }
        }
    }

    private Optional<String> cannotFill(TradeIdGaps.Gap gap) {
        Optional<String> byPaging = switch (history.paging()) {
            case NONE -> Optional.of(venue + " has no REST trade history");
            case BY_TIME_WINDOW -> Optional.of(venue + "'s REST history holds only a time window back from now, "
                    + "not trades by id");
            case BY_TIME_CURSOR -> gap.before().isPresent() ? Optional.empty()
                    : Optional.of("the time of the trade before the gap is unknown");
            case BY_ID, BY_CURSOR -> Optional.empty();
        };
        return byPaging.or(() -> history.needsApiKey() && settings.apiKey().isEmpty()
                ? Optional.of(venue + "'s REST history needs an API key: set "
                + GapFillSettings.API_KEY_ENVIRONMENT_VARIABLE + " or ingest.history-api-key-file")
                : Optional.empty());
    }

    /**
     * Stops taking gaps and lets the fills already queued or in flight finish, for at most {@code grace}; then
     * abandons the one in flight and reports it and those still queued unfillable. Blocks until every gap taken is
     * either filled or reported, so the run's summary holds them all; a gap found after this is reported at once.
     */
    void stop(Duration grace) {
        synchronized (lock) {
            stopping = true;
            if (idle) {
                worker.interrupt();
            }
        }
        try {
            worker.join(Math.max(1, grace.toMillis()));
            if (worker.isAlive()) {
                abandoned = true;
                worker.interrupt();
                worker.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            for (Fill fill; (fill = pending.poll()) != null; ) {
                unfillable(fill, STOPPED);
            }
        }
    }

    /** Fills gaps one at a time until stopped with none queued, or abandoned at the end of the stop's grace. */
    private void fillUntilStopped() {
        while (!abandoned) {
            Fill fill;
            try {
                fill = next();
            } catch (InterruptedException e) {
                continue;
            }
            if (fill == null) {
                return;
            }
            try {
                pacing.nextGap();
                if (fill instanceof Fill.Ids ids) {
                    fill(ids.gap());
                } else {
                    fill(((Fill.Span) fill).span());
                }
            } catch (InterruptedException e) {
                unfillable(fill, STOPPED);
                return;
            } catch (RuntimeException e) {
                unfillable(fill, "the fill failed: " + e);
            }
        }
    }

    /**
     * The next gap, waiting while none is queued; null once stopping with none left. Only an idle worker is woken by
     * the stop, so a fill just taken is not cut short by it.
     */
    private Fill next() throws InterruptedException {
        synchronized (lock) {
            if (stopping) {
                return pending.poll();
            }
            idle = true;
        }
        try {
            return pending.take();
        } finally {
            synchronized (lock) {
                idle = false;
                if (!abandoned) {
                    // A wake-up meant for the idle worker, arriving as it took a gap.
                    Thread.interrupted();
                }
            }
        }
    }

    private void fill(TradeIdGaps.Gap gap) throws InterruptedException {
        Set<Long> found = new HashSet<>();
        Optional<String> cursor = firstCursor(gap);
        while (true) {
            waitUntil(pacing.nextRequestAt());
            Answer answer = request(gap.market(), history.page(base, gap.market(), cursor, pageSize(gap)));
            if (answer instanceof Answer.Unusable unusable) {
                unfillable(new Fill.Ids(gap), unusable.reason());
                return;
            }
            if (answer instanceof Answer.Retry) {
                if (pacing.state() instanceof HistoryPacing.State.GaveUp gaveUp) {
                    unfillable(new Fill.Ids(gap), gaveUp.reason());
                    return;
                }
                continue;
            }
            HistoryPage.Trades page = ((Answer.Page) answer).page();
            for (Trade trade : page.trades()) {
                long id = Long.parseLong(trade.tradeId());
                if (id >= gap.firstMissing() && id <= gap.lastMissing() && found.add(id)) {
                    recover(trade);
                }
            }
            if (page.trades().isEmpty() || page.next().isEmpty() || walkedPast(gap, page.trades())) {
                break;
            }
            cursor = page.next();
        }
        if (found.size() == gap.missed()) {
            metrics.gapFilled();
            log.info("Filled {} trade(s) missed on {} from {} ({}) from its REST history", gap.missed(), gap.market(),
                    venue, ids(gap));
        } else {
            unfillable(new Fill.Ids(gap), venue + "'s REST history lacked trades of the gap");
        }
    }

    /**
     * Fills a reconnect's span by time: the trades from the second of the last one before it (Bitstamp's history
     * has whole seconds; the duplicate filter drops those already seen) up to the first one after it. Only the
     * trades the socket had not delivered are recovered; how many went missing is unknown, so a span whose pages
     * came back is filled.
     */
    private void fill(ReconnectSpans.Span span) throws InterruptedException {
        Instant from = span.lastBefore().truncatedTo(ChronoUnit.SECONDS);
        Optional<String> cursor = firstCursor(span);
        if (cursor.isEmpty()) {
            unfillable(new Fill.Span(span), "the span began before the longest window of " + venue
                    + "'s REST history");
            return;
        }
        int pageSize = history.maxPageSize() > 0 ? history.maxPageSize() : Integer.MAX_VALUE;
        while (true) {
            waitUntil(pacing.nextRequestAt());
            Answer answer = request(span.market(), history.page(base, span.market(), cursor, pageSize));
            if (answer instanceof Answer.Unusable unusable) {
                unfillable(new Fill.Span(span), unusable.reason());
                return;
            }
            if (answer instanceof Answer.Retry) {
                if (pacing.state() instanceof HistoryPacing.State.GaveUp gaveUp) {
                    unfillable(new Fill.Span(span), gaveUp.reason());
                    return;
                }
                continue;
            }
            HistoryPage.Trades page = ((Answer.Page) answer).page();
            for (Trade trade : page.trades()) {
                if (within(span, from, trade)) {
                    recover(trade);
                }
            }
            List<Trade> trades = page.trades();
            if (history.paging() == TradeHistory.Paging.BY_TIME_WINDOW || trades.isEmpty() || page.next().isEmpty()
                    || trades.get(trades.size() - 1).eventTime().isAfter(span.firstAfter())) {
                break;
            }
            cursor = page.next();
        }
        metrics.gapFilled();
        log.info("Checked the span of a reconnect on {} from {} ({} to {}) against its REST history", span.market(),
                venue, span.lastBefore(), span.firstAfter());
    }

    /**
     * Passes {@code trade} on, and counts it when it came back later after its time than the job's watermark delay:
     * behind the watermark when it arrives, it lands in no window, and the job counts it as a late trade.
     */
    private void recover(Trade trade) throws InterruptedException {
        if (recovered.accept(trade) && settings.watermark()
                .filter(delay -> trade.eventTime().isBefore(clock.instant().minus(delay))).isPresent()) {
            metrics.tradeRecoveredLate();
            if (reasonsLogged.add(LATE)) {
                log.warn("A trade recovered on {} from {} came back more than the job's watermark of {} after its time "
                        + "({}): the job drops it and counts it as late (logged once; counted in the metrics as "
                        + "recovered behind the watermark); a longer spark.watermark keeps slower fills",
                        trade.market(), venue, settings.watermark().get(), trade.eventTime());
            }
        }
    }

    /**
     * Whether {@code trade} lies between the trades that bound the span: by id where ids are numbers (Bitstamp's grow
     * with time across markets; its history has whole seconds only, too coarse to bound by), else by time.
     */
    private static boolean within(ReconnectSpans.Span span, Instant from, Trade trade) {
        try {
            long id = Long.parseLong(trade.tradeId());
            return id > Long.parseLong(span.lastBeforeId()) && id < Long.parseLong(span.firstAfterId());
        } catch (NumberFormatException e) {
            return !trade.eventTime().isBefore(from) && trade.eventTime().isBefore(span.firstAfter());
        }
    }

    /**
     * Where a span's walk starts: just before the second of the trade before it (whole seconds, as Bitstamp's
     * history has them), asked as if a few seconds later, to spare the time the request takes.
     */
    private Optional<String> firstCursor(ReconnectSpans.Span span) {
        return history.timeCursor(span.lastBefore().truncatedTo(ChronoUnit.SECONDS).minusNanos(1_000),
                clock.instant().plus(Duration.ofSeconds(5)));
    }

    /** What one request came to. */
    private sealed interface Answer {
        record Page(HistoryPage.Trades page) implements Answer {
        }

        /** Refused (429) or failed: the pacing says when to try again, or that it gave up. */
        record Retry() implements Answer {
        }

        /** An answer that retrying will not change (a 4xx, an error body), and why. */
        record Unusable(String reason) implements Answer {
        }
    }

    private Answer request(Market market, URI uri) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET();
        history.keyHeader().ifPresent(header -> settings.apiKey()
                .ifPresent(key -> request.header(header, key.reveal())));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            pacing.failed(clock.instant(), venue + "'s REST history at " + base + " did not answer: " + e);
            return new Answer.Retry();
        }
        Instant now = clock.instant();
        int status = response.statusCode();
        if (status == 429 || status == 418) {
            metrics.historyRateLimited();
            pacing.rateLimited(now, retryAfter(response),
                    venue + "'s REST history kept answering " + status + " (request budget spent)");
            return new Answer.Retry();
        }
        if (status >= 500) {
            pacing.failed(now, venue + "'s REST history at " + base + " answered " + status);
            return new Answer.Retry();
        }
        pacing.answered(now);
        if (status != 200) {
            return new Answer.Unusable(venue + "'s REST history at " + base + " answered " + status);
        }
        HistoryPage page = history.codec().decode(market, response.body(), now);
        return page instanceof HistoryPage.Trades trades ? new Answer.Page(trades)
                : new Answer.Unusable(((HistoryPage.Failed) page).reason());
    }

    /**
     * Where the walk starts: by id from the first missing one (ascending), before the id after the last missing one
     * (descending), or just before the time of the trade before the gap (by time: the trade before comes back too
     * and is dropped as known, so none at the same instant is skipped).
     */
    private Optional<String> firstCursor(TradeIdGaps.Gap gap) {
        return switch (history.paging()) {
            case BY_ID -> Optional.of(Long.toString(gap.firstMissing()));
            case BY_CURSOR -> Optional.of(Long.toString(gap.lastMissing() + 1));
            case BY_TIME_CURSOR -> history.timeCursor(gap.before().orElseThrow().minusNanos(1_000), clock.instant());
            case BY_TIME_WINDOW, NONE -> throw new IllegalStateException(history.paging() + " is not walked");
        };
    }

    /** As many as are missing, where a page is walked by id; a full page where it is walked by time. */
    private int pageSize(TradeIdGaps.Gap gap) {
        int max = history.maxPageSize() > 0 ? history.maxPageSize() : Integer.MAX_VALUE;
        return history.paging() == TradeHistory.Paging.BY_TIME_CURSOR ? max : (int) Math.min(max, gap.missed());
    }

    /** The page reached the end of the gap in the direction of the walk. */
    private boolean walkedPast(TradeIdGaps.Gap gap, List<Trade> trades) {
        if (history.paging() == TradeHistory.Paging.BY_CURSOR) {
            return Long.parseLong(trades.get(0).tradeId()) <= gap.firstMissing();
        }
        return Long.parseLong(trades.get(trades.size() - 1).tradeId()) >= gap.lastMissing();
    }

    private void waitUntil(Instant at) throws InterruptedException {
        Duration wait = Duration.between(clock.instant(), at);
        if (!wait.isNegative() && !wait.isZero()) {
            Thread.sleep(wait.toMillis() + 1);
        }
    }

    /** Retry-After in seconds, as Binance sends it; empty when absent or not a number. */
    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        try {
            return response.headers().firstValue("Retry-After").map(Long::parseLong).map(Duration::ofSeconds);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void unfillable(Fill fill, String reason) {
        metrics.gapUnfillable(reason);
        if (reasonsLogged.add(reason)) {
            String what = fill instanceof Fill.Ids ids
                    ? ids.gap().missed() + " trade(s) missed on " + ids.gap().market() + " (" + ids(ids.gap()) + ")"
                    : "the trades of " + ((Fill.Span) fill).span().market() + " during a reconnect";
            log.warn("Cannot fill {} from {}: {} (logged once per reason; counted as unfillable in the metrics)",
                    what, venue, reason);
        }
    }

    private static String ids(TradeIdGaps.Gap gap) {
        return gap.missed() == 1 ? "id " + gap.firstMissing() : "ids " + gap.firstMissing() + ".." + gap.lastMissing();
    }
}
