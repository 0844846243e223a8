package io.cryptostream.ingest;

import io.cryptostream.domain.Rejection;
import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

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

    /** The rejection of {@code trade}, counted, or empty when the trade passes. */
    Optional<RejectedTrade> check(Trade trade) {
        Optional<Rejection> found = check.check(trade);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Rejection rejection = found.get();
        if (metrics.invalidTrade(rejection.reason())) {
            log.warn("Setting aside {} trades that fail the trade check with {}, e.g. {} ({}); counted in the metrics,"
                    + " logged once per reason", venue, rejection.reason(), trade.market(), rejection.detail());
        }
        return Optional.of(new RejectedTrade(trade, rejection));
    }
}
