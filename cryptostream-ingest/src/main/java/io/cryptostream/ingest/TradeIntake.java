package io.cryptostream.ingest;

import io.cryptostream.domain.Trade;
import io.cryptostream.feed.FeedEvent;

import java.util.Optional;

/**
 * What becomes of each trade a session reads, decided in the session's own stage: the trade check (a refused trade is
 * counted and set aside), then the replayed duplicates dropped, then the trade counted and its id checked for gaps.
 * Prints the venue leaves out of its candles are counted by kind and advance the ids, nothing more.
 * Where ids show no gaps, the span of each reconnect is found instead ({@link ReconnectSpans}).
 * Trades recovered from the venue's REST history pass the same way ({@link #recover}), from the gap filler's thread,
 * so the intake is synchronized: a trade that arrives both ways is passed on once.
 */
final class TradeIntake {

    private final TradeEdgeCheck check;
    private final DuplicateTradeFilter duplicates;
    private final IngestMetrics metrics;
    private final Optional<TradeIdGaps> gaps;
    private final Optional<ReconnectSpans> spans;
    private final MissedTrades missed;

    /** Where the trades the intake finds missing go: each call must not block (the session waits). */
    interface MissedTrades {
        void gap(TradeIdGaps.Gap gap);

        void span(ReconnectSpans.Span span);

        /** Gaps are only counted. */
        MissedTrades COUNTED_ONLY = new MissedTrades() {
            @Override
            public void gap(TradeIdGaps.Gap gap) {
            }

            @Override
            public void span(ReconnectSpans.Span span) {
            }
        };
    }

    TradeIntake(TradeEdgeCheck check, DuplicateTradeFilter duplicates, IngestMetrics metrics,
                Optional<TradeIdGaps> gaps) {
        this(check, duplicates, metrics, gaps, Optional.empty(), MissedTrades.COUNTED_ONLY);
    }

    /**
     * An intake that hands each trade-id gap it finds, or on venues without gap detection each reconnect span, to
     * {@code missed}; with gap fill off, {@link MissedTrades#COUNTED_ONLY}.
     */
    TradeIntake(TradeEdgeCheck check, DuplicateTradeFilter duplicates, IngestMetrics metrics,
                Optional<TradeIdGaps> gaps, MissedTrades missed) {
        this(check, duplicates, metrics, gaps,
                gaps.isPresent() ? Optional.empty() : Optional.of(new ReconnectSpans()), missed);
    }

    private TradeIntake(TradeEdgeCheck check, DuplicateTradeFilter duplicates, IngestMetrics metrics,
                        Optional<TradeIdGaps> gaps, Optional<ReconnectSpans> spans, MissedTrades missed) {
        this.check = check;
        this.duplicates = duplicates;
        this.metrics = metrics;
        this.gaps = gaps;
        this.spans = spans;
        this.missed = missed;
    }

    /** A session (re)connected: spans of possibly missed trades open, where they are tracked. */
    synchronized void sessionStarted() {
        spans.ifPresent(ReconnectSpans::sessionStarted);
    }

    /** The item to pass on for {@code trade}: the trade, its rejection, or null for a duplicate. */
    synchronized FeedItem admit(Trade trade) {
        FeedItem item = pass(trade);
        if (item instanceof FeedItem.TradeItem) {
            gaps.flatMap(detector -> detector.observe(trade)).ifPresent(missed::gap);
            spans.flatMap(detector -> detector.observe(trade)).ifPresent(missed::span);
        }
        return item;
    }

    /**
     * The item to pass on for a trade the venue's REST history returned: as {@link #admit}, and counted as recovered
     * when the socket had not delivered it. It moves no gap detection: its id lies inside a gap already found.
     */
    synchronized FeedItem recover(Trade trade) {
        FeedItem item = pass(trade);
        if (item instanceof FeedItem.TradeItem) {
            metrics.tradeRecovered();
        }
        return item;
    }

    private FeedItem pass(Trade trade) {
        Optional<RejectedTrade> rejected = check.check(trade);
        if (rejected.isPresent()) {
            return new FeedItem.RejectedItem(rejected.get());
        }
        if (!duplicates.isNew(trade)) {
            metrics.duplicate(trade.market());
            return null;
        }
        metrics.trade(trade.market(), trade.side());
        return new FeedItem.TradeItem(trade);
    }

    /**
     * Counts a print the venue leaves out of its candles by its kind, once however often it is replayed, and lets its
     * id advance the market's sequence so that it opens no gap; nothing is passed on.
     */
    synchronized FeedItem exclude(FeedEvent.ExcludedTrade excluded) {
        if (duplicates.isNew(excluded.market(), excluded.tradeId())) {
            metrics.excluded(excluded.kind());
            gaps.ifPresent(detector -> detector.observe(excluded.market(), excluded.tradeId()));
        } else {
            metrics.duplicate(excluded.market());
        }
        return null;
    }
}
