package io.cryptostream.ingest;

import io.cryptostream.domain.Rejection;
import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trade check at the edge: right after the codec, before deduplication and the sink, so that a venue's garbage
 * never reaches the trades topic. A rejected trade is counted per reason and logged once per reason.
 */
final class TradeEdgeCheck {

    private static final Logger log = LoggerFactory.getLogger(TradeEdgeCheck.class);

    private final TradeCheck check;
    private final String venue;
    private final IngestMetrics metrics;

    TradeEdgeCheck(TradeCheck check, String venue, IngestMetrics metrics) {
        this.check = check;
        this.venue = venue;
        this.metrics = metrics;
    }

    boolean rejects(Trade trade) {
        return check.check(trade).isPresent();
    }

    /** The rejection of a trade {@link #rejects} refused, counted. */
    RejectedTrade setAside(Trade trade) {
        Rejection rejection = check.check(trade).orElseThrow(() ->
                new IllegalArgumentException("the trade check accepts " + trade));
        if (metrics.invalidTrade(rejection.reason())) {
            log.warn("Setting aside {} trades that fail the trade check with {}, e.g. {} ({}); counted in the metrics,"
                    + " logged once per reason", venue, rejection.reason(), trade.market(), rejection.detail());
        }
        return new RejectedTrade(trade, rejection);
    }
}
