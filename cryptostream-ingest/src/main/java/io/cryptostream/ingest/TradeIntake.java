package io.cryptostream.ingest;

import io.cryptostream.domain.Trade;
import io.cryptostream.feed.FeedEvent;

import java.util.Optional;

/**
 * What becomes of each trade a session reads, decided in the session's own stage: the trade check (a refused trade is
 * counted and set aside), then the replayed duplicates dropped, then the trade counted and its id checked for gaps.
 * Prints the venue leaves out of its candles are counted by kind and advance the ids, nothing more.
 * One intake serves the run's sessions, which run one at a time; not thread-safe.
 */
final class TradeIntake {

    private final TradeEdgeCheck check;
    private final DuplicateTradeFilter duplicates;
    private final IngestMetrics metrics;
    private final Optional<TradeIdGaps> gaps;

    TradeIntake(TradeEdgeCheck check, DuplicateTradeFilter duplicates, IngestMetrics metrics,
                Optional<TradeIdGaps> gaps) {
        this.check = check;
        this.duplicates = duplicates;
        this.metrics = metrics;
        this.gaps = gaps;
    }

    /** The item to pass on for {@code trade}: the trade, its rejection, or null for a duplicate. */
    FeedItem admit(Trade trade) {
        Optional<RejectedTrade> rejected = check.check(trade);
        if (rejected.isPresent()) {
            return new FeedItem.RejectedItem(rejected.get());
        }
        if (!duplicates.isNew(trade)) {
            metrics.duplicate(trade.market());
            return null;
        }
        metrics.trade(trade.market(), trade.side());
        gaps.ifPresent(detector -> detector.observe(trade));
        return new FeedItem.TradeItem(trade);
    }

    /**
     * Counts a print the venue leaves out of its candles by its kind, once however often it is replayed, and lets its
     * id advance the market's sequence so that it opens no gap; nothing is passed on.
     */
    FeedItem exclude(FeedEvent.ExcludedTrade excluded) {
        if (duplicates.isNew(excluded.market(), excluded.tradeId())) {
            metrics.excluded(excluded.kind());
            gaps.ifPresent(detector -> detector.observe(excluded.market(), excluded.tradeId()));
        } else {
            metrics.duplicate(excluded.market());
        }
        return null;
    }
}
