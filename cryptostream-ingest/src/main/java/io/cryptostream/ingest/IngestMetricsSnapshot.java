package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.RejectReason;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The counters of an ingest run at one moment; immutable.
 *
 * @param connectAttempts   connection attempts, the first included
 * @param connections       connections the venue accepted (welcomed)
 * @param reconnects        connection attempts after the first, planned ones ({@code cycles},
 *                          {@code reconnectRequests}) included
 * @param cycles            connections closed on purpose before the venue's maximum connection age, then replaced
 * @param reconnectRequests connections replaced because the venue asked for it (Bitstamp bts:request_reconnect)
 * @param subscriptionsConfirmed   subscriptions the venue confirmed, over all connections
 * @param unsubscriptionsConfirmed unsubscriptions the venue confirmed (on stop), one per market
 * @param frames            text frames received
 * @param heartbeats        heartbeat frames received, answers to client pings included
 * @param pingsSent         keep-alive frames the client sent (venues that want client pings)
 * @param malformed         frames that could not be understood
 * @param staleConnections  sockets closed because no frame came for the stale interval
 * @param ordersDropped     order events dropped because the run has no order sink
 * @param unhandledByType   messages of types the codec does not handle, by venue type
 * @param rejectedByReason  refusals from the venue, by code and reason (e.g. "429 TOO_MANY_SOCKETS_MAX_1_PER_CLIENT")
 * @param invalidTradesByReason trades the trade check set aside before the sink, by reason
 * @param excludedByKind    prints the venue leaves out of its candles (Binance USD-M INSURANCE_FUND, ADL, NA), by
 *                          kind; they advance the trade ids but join no aggregate
 * @param markets           per-market counters, ordered by market key; the watchlist's markets are always present
 * @param gapFills          what filling trade-id gaps from the venue's REST history achieved
 */
public record IngestMetricsSnapshot(
        long connectAttempts,
        long connections,
        long reconnects,
        long cycles,
        long reconnectRequests,
        long subscriptionsConfirmed,
        long unsubscriptionsConfirmed,
        long frames,
        long heartbeats,
        long pingsSent,
        long malformed,
        long staleConnections,
        long ordersDropped,
        Map<String, Long> unhandledByType,
        Map<String, Long> rejectedByReason,
        Map<RejectReason, Long> invalidTradesByReason,
        Map<String, Long> excludedByKind,
        Map<Market, MarketCounts> markets,
        GapFills gapFills) {

    /**
     * @param filled               gaps whose every missing trade the venue's history returned, and reconnect spans
     *                             whose history came back
     * @param recovered            trades the history returned that the socket had not delivered, passed to the sink
     * @param unfillable           gaps that could not be filled, or only in part
     * @param unfillableByReason   those gaps by reason (no history, no key, an error answer, the queue full...)
     * @param rateLimited          429 (or 418) answers of the history, each waited out before asking again
     * @param reconnectSpans       reconnects on venues without gap detection (Bitstamp), each a span of time to fill
     * @param recoveredLate        of the recovered trades, those that came back more than the job's watermark delay
     *                             after their time: the job drops each as late, and counts it
     */
    public record GapFills(long filled, long recovered, long unfillable, Map<String, Long> unfillableByReason,
                           long rateLimited, long reconnectSpans, long recoveredLate) {
    }

    /**
     * @param frames       trade frames that named this market
     * @param trades       unique trades passed on to the sink
     * @param duplicates   trades dropped because their id was recently seen (replays after a resubscribe)
     * @param malformed    frames about this market that could not be understood
     * @param orders       order events passed on to the order sink
     * @param gaps         jumps in the trade ids (venues with sequential ids only), across reconnects too
     * @param missedTrades trades those jumps skipped: ids 3 then 7 is one gap of 3
     */
    public record MarketCounts(long frames, long trades, long duplicates, long malformed, long orders, long gaps,
                               long missedTrades) {

        /** The counts of a market that had no order events and no trade-id gaps. */
        public MarketCounts(long frames, long trades, long duplicates, long malformed) {
            this(frames, trades, duplicates, malformed, 0, 0, 0);
        }
    }

    public IngestMetricsSnapshot {
        unhandledByType = Collections.unmodifiableMap(new LinkedHashMap<>(unhandledByType));
        rejectedByReason = Collections.unmodifiableMap(new LinkedHashMap<>(rejectedByReason));
        invalidTradesByReason = Collections.unmodifiableMap(new LinkedHashMap<>(invalidTradesByReason));
        excludedByKind = Collections.unmodifiableMap(new LinkedHashMap<>(excludedByKind));
        markets = Collections.unmodifiableMap(new LinkedHashMap<>(markets));
    }

    /** Unique trades passed on to the sink, all markets. */
    public long trades() {
        return markets.values().stream().mapToLong(MarketCounts::trades).sum();
    }

    /** Replayed trades dropped, all markets. */
    public long duplicates() {
        return markets.values().stream().mapToLong(MarketCounts::duplicates).sum();
    }

    /** Order events passed on to the order sink, all markets. */
    public long orders() {
        return markets.values().stream().mapToLong(MarketCounts::orders).sum();
    }

    /** Trade-id gaps, all markets. */
    public long gaps() {
        return markets.values().stream().mapToLong(MarketCounts::gaps).sum();
    }

    /** Trades skipped by trade-id gaps, all markets. */
    public long missedTrades() {
        return markets.values().stream().mapToLong(MarketCounts::missedTrades).sum();
    }

    /** Trades set aside by the trade check, all reasons. */
    public long invalidTrades() {
        return invalidTradesByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    public long unhandled() {
        return unhandledByType.values().stream().mapToLong(Long::longValue).sum();
    }

    /** A fixed-width table: one line per market, a total line, then the connection counters. */
    public String toTable() {
        int width = Math.max("market".length(), "total".length());
        for (Market m : markets.keySet()) {
            width = Math.max(width, m.key().length());
        }
        String row = "%-" + width + "s %10s %10s %10s %10s %10s %10s %10s%n";
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, row, "market", "frames", "trades", "duplicates", "malformed", "orders",
                "gaps", "missed"));
        long frameSum = 0, malformedSum = 0;
        for (Map.Entry<Market, MarketCounts> e : markets.entrySet()) {
            MarketCounts c = e.getValue();
            frameSum += c.frames();
            malformedSum += c.malformed();
            s.append(String.format(Locale.ROOT, row, e.getKey().key(), c.frames(), c.trades(), c.duplicates(),
                    c.malformed(), c.orders(), c.gaps(), c.missedTrades()));
        }
        s.append(String.format(Locale.ROOT, row, "total", frameSum, trades(), duplicates(), malformedSum, orders(),
                gaps(), missedTrades()));
        s.append(String.format(Locale.ROOT,
                "connection: %d attempts, %d accepted, %d reconnects (%d planned cycles, %d asked by the venue), "
                        + "%d stale, %d subscriptions and %d unsubscriptions confirmed, %d frames, %d heartbeats, "
                        + "%d pings sent, %d malformed, %d orders dropped (no order sink), unhandled types %s, "
                        + "rejections %s, invalid trades set aside %s, prints the venue leaves out of candles %s%n",
                connectAttempts, connections, reconnects, cycles, reconnectRequests, staleConnections,
                subscriptionsConfirmed, unsubscriptionsConfirmed, frames, heartbeats, pingsSent, malformed,
                ordersDropped, unhandledByType, rejectedByReason, invalidTradesByReason, excludedByKind));
        s.append(String.format(Locale.ROOT, "gap fill: %d gaps found, %d reconnect spans, %d filled, %d trades recovered "
                        + "(%d behind the job's watermark, counted late by the job), %d unfillable %s, "
                        + "%d history requests refused as too many%n", gaps(), gapFills.reconnectSpans(),
                gapFills.filled(), gapFills.recovered(), gapFills.recoveredLate(), gapFills.unfillable(),
                gapFills.unfillableByReason(), gapFills.rateLimited()));
        return s.toString();
    }
}
