package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.RejectReason;
import io.cryptostream.domain.TakerSide;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one ingest run, written by the stream and read from any thread through {@link #snapshot()}.
 */
public final class IngestMetrics {

    private static final Comparator<Market> MARKET_ORDER = Comparator.comparing(Market::key);

    private final Map<Market, MarketCounters> markets = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> unhandledByType = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rejectedByReason = new ConcurrentHashMap<>();
    private final Map<RejectReason, LongAdder> invalidTradesByReason = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> excludedByKind = new ConcurrentHashMap<>();
    private final AtomicLong connectAttempts = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong staleConnections = new AtomicLong();
    private final AtomicLong cycles = new AtomicLong();
    private final AtomicLong reconnectRequests = new AtomicLong();
    private final AtomicLong pingsSent = new AtomicLong();
    private final LongAdder ordersDropped = new LongAdder();
    private final AtomicLong subscriptionsConfirmed = new AtomicLong();
    private final AtomicLong unsubscriptionsConfirmed = new AtomicLong();
    private final LongAdder frames = new LongAdder();
    private final LongAdder heartbeats = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder gapsFilled = new LongAdder();
    private final LongAdder tradesRecovered = new LongAdder();
    private final LongAdder tradesRecoveredLate = new LongAdder();
    private final LongAdder historyRateLimited = new LongAdder();
    private final LongAdder reconnectSpans = new LongAdder();
    private final Map<String, LongAdder> unfillableByReason = new ConcurrentHashMap<>();
    private final Map<SessionEnd.Reason, LongAdder> sessionEnds = new EnumMap<>(SessionEnd.Reason.class);
    private final List<Market> watchlist;
    private volatile ConnectionState connectionState = ConnectionState.DISCONNECTED;
    /** System.nanoTime of the newest frame; 0 before the first. */
    private volatile long lastFrameAt;

    IngestMetrics(List<Market> watchlist) {
        this.watchlist = List.copyOf(watchlist);
        watchlist.forEach(m -> markets.put(m, new MarketCounters()));
        for (SessionEnd.Reason reason : SessionEnd.Reason.values()) {
            sessionEnds.put(reason, new LongAdder());
        }
    }

    void connectionState(ConnectionState state) {
        connectionState = state;
    }

    /** A session ended; every reason but a stop is followed by a reconnect. */
    void sessionEnded(SessionEnd.Reason reason) {
        sessionEnds.get(reason).increment();
        connectionState = reason == SessionEnd.Reason.STALE ? ConnectionState.STALE : ConnectionState.DISCONNECTED;
    }

    void connectAttempt() {
        connectAttempts.incrementAndGet();
    }

    /** The venue accepted a connection (welcome, or the upgrade where the venue sends none). */
    void connected() {
        connections.incrementAndGet();
    }

    void stale() {
        staleConnections.incrementAndGet();
    }

    /** A connection near the venue's maximum age was closed to be replaced. */
    void cycle() {
        cycles.incrementAndGet();
    }

    void reconnectRequested() {
        reconnectRequests.incrementAndGet();
    }

    void pingSent() {
        pingsSent.incrementAndGet();
    }

    void subscriptionConfirmed() {
        subscriptionsConfirmed.incrementAndGet();
    }

    void unsubscriptionConfirmed() {
        unsubscriptionsConfirmed.incrementAndGet();
    }

    void frame() {
        frames.increment();
        lastFrameAt = System.nanoTime();
    }

    void heartbeat() {
        heartbeats.increment();
    }

    void tradeFrame(Market market) {
        market(market).frames.increment();
    }

    void trade(Market market, TakerSide side) {
        market(market).tradesBySide.get(side).increment();
    }

    void duplicate(Market market) {
        market(market).duplicates.increment();
    }

    /** An order event passed on to the order sink. */
    void order(Market market) {
        market(market).orders.increment();
    }

    /** An order event dropped because the run has no order sink. */
    void orderDropped() {
        ordersDropped.increment();
    }

    /** Trade ids of {@code market} jumped past the next one: {@code missed} trades never arrived. */
    void gap(Market market, long missed) {
        MarketCounters counters = market(market);
        counters.gaps.increment();
        counters.missedTrades.add(missed);
    }

    /** Every missing trade of a gap came back from the venue's REST history. */
    void gapFilled() {
        gapsFilled.increment();
    }

    /** A trade from the venue's REST history that the socket had not delivered went on to the sink. */
    void tradeRecovered() {
        tradesRecovered.increment();
    }

    /** A recovered trade came back later after its time than the job's watermark delay: the job counts it late. */
    void tradeRecoveredLate() {
        tradesRecoveredLate.increment();
    }

    /** A reconnect on a venue without gap detection may have lost trades: its span is to be filled by time. */
    void reconnectSpan() {
        reconnectSpans.increment();
    }

    /** The venue's REST history answered 429 (or 418): too many requests. */
    void historyRateLimited() {
        historyRateLimited.increment();
    }

    /** A gap could not be filled, or only in part, for {@code reason}. */
    void gapUnfillable(String reason) {
        unfillableByReason.computeIfAbsent(String.valueOf(reason), r -> new LongAdder()).increment();
    }

    /** Counts a malformed frame; per market too when the frame names one. */
    void malformed(Optional<Market> market) {
        malformed.increment();
        market.ifPresent(m -> market(m).malformed.increment());
    }

    /** Counts a message of a type the codec does not handle; true the first time this type is seen. */
    boolean unhandled(String type) {
        boolean[] first = {false};
        unhandledByType.computeIfAbsent(String.valueOf(type), t -> {
            first[0] = true;
            return new LongAdder();
        }).increment();
        return first[0];
    }

    /** Counts a print the venue leaves out of its candles, by the venue's name for its kind (ADL, NA…). */
    void excluded(String kind) {
        excludedByKind.computeIfAbsent(String.valueOf(kind), k -> new LongAdder()).increment();
    }

    /** Counts a trade the trade check set aside; true the first time this reason is seen. */
    boolean invalidTrade(RejectReason reason) {
        boolean[] first = {false};
        invalidTradesByReason.computeIfAbsent(reason, r -> {
            first[0] = true;
            return new LongAdder();
        }).increment();
        return first[0];
    }

    void rejected(String reason) {
        rejectedByReason.computeIfAbsent(String.valueOf(reason), r -> new LongAdder()).increment();
    }

    public IngestMetricsSnapshot snapshot() {
        Map<Market, IngestMetricsSnapshot.MarketCounts> perMarket = new TreeMap<>(MARKET_ORDER);
        markets.forEach((m, c) -> perMarket.put(m, new IngestMetricsSnapshot.MarketCounts(
                c.frames.sum(), c.trades(), c.duplicates.sum(), c.malformed.sum(), c.orders.sum(), c.gaps.sum(),
                c.missedTrades.sum())));
        long attempts = connectAttempts.get();
        return new IngestMetricsSnapshot(attempts, connections.get(), Math.max(0, attempts - 1), cycles.get(),
                reconnectRequests.get(), subscriptionsConfirmed.get(), unsubscriptionsConfirmed.get(),
                frames.sum(), heartbeats.sum(), pingsSent.get(), malformed.sum(), staleConnections.get(),
                ordersDropped.sum(), sums(unhandledByType), sums(rejectedByReason), invalidTrades(), sums(excludedByKind), perMarket,
                gapFills());
    }

    private IngestMetricsSnapshot.GapFills gapFills() {
        Map<String, Long> unfillable = sums(unfillableByReason);
        return new IngestMetricsSnapshot.GapFills(gapsFilled.sum(), tradesRecovered.sum(),
                unfillable.values().stream().mapToLong(Long::longValue).sum(), unfillable,
                historyRateLimited.sum(), reconnectSpans.sum(), tradesRecoveredLate.sum());
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counters) {
        Map<String, Long> sorted = new TreeMap<>();
        counters.forEach((k, v) -> sorted.put(k, v.sum()));
        return new LinkedHashMap<>(sorted);
    }

    private Map<RejectReason, Long> invalidTrades() {
        Map<RejectReason, Long> counts = new EnumMap<>(RejectReason.class);
        invalidTradesByReason.forEach((reason, count) -> counts.put(reason, count.sum()));
        return counts;
    }

    ConnectionState connectionState() {
        return connectionState;
    }

    /** Seconds since the newest frame; empty before the first. */
    Optional<Double> secondsSinceLastFrame() {
        long at = lastFrameAt;
        return at == 0 ? Optional.empty() : Optional.of((System.nanoTime() - at) / 1e9);
    }

    /** The watchlist's markets the connection is not subscribed to now: all of them unless it is subscribed. */
    List<Market> unsubscribedMarkets() {
        return connectionState == ConnectionState.SUBSCRIBED ? List.of() : watchlist;
    }

    long sessionEnds(SessionEnd.Reason reason) {
        return sessionEnds.get(reason).sum();
    }

    long connectAttempts() {
        return connectAttempts.get();
    }

    long connections() {
        return connections.get();
    }

    long staleConnections() {
        return staleConnections.get();
    }

    long frames() {
        return frames.sum();
    }

    long malformed() {
        return malformed.sum();
    }

    long gapsFilled() {
        return gapsFilled.sum();
    }

    long tradesRecovered() {
        return tradesRecovered.sum();
    }

    long tradesRecoveredLate() {
        return tradesRecoveredLate.sum();
    }

    long gapsUnfillable() {
        return unfillableByReason.values().stream().mapToLong(LongAdder::sum).sum();
    }

    long historyRequestsRefused() {
        return historyRateLimited.sum();
    }

    /** The markets with counters: the watchlist's and any other a frame named. */
    Set<Market> markets() {
        return markets.keySet();
    }

    long frames(Market market) {
        return market(market).frames.sum();
    }

    long trades(Market market, TakerSide side) {
        return market(market).tradesBySide.get(side).sum();
    }

    long duplicates(Market market) {
        return market(market).duplicates.sum();
    }

    long malformed(Market market) {
        return market(market).malformed.sum();
    }

    long gaps(Market market) {
        return market(market).gaps.sum();
    }

    long missedTrades(Market market) {
        return market(market).missedTrades.sum();
    }

    private MarketCounters market(Market market) {
        return markets.computeIfAbsent(market, m -> new MarketCounters());
    }

    private static final class MarketCounters {
        final LongAdder frames = new LongAdder();
        final Map<TakerSide, LongAdder> tradesBySide = new EnumMap<>(TakerSide.class);
        final LongAdder duplicates = new LongAdder();
        final LongAdder malformed = new LongAdder();
        final LongAdder orders = new LongAdder();
        final LongAdder gaps = new LongAdder();
        final LongAdder missedTrades = new LongAdder();

        MarketCounters() {
            for (TakerSide side : TakerSide.values()) {
                tradesBySide.put(side, new LongAdder());
            }
        }

        long trades() {
            return tradesBySide.values().stream().mapToLong(LongAdder::sum).sum();
        }
    }
}
