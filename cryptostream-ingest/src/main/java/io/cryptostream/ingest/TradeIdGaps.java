package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Finds missed trades on venues whose trade ids go up by one per trade per market: an id past the highest one seen
 * plus one is a gap of the ids in between. The highest id outlives reconnects, so trades lost while reconnecting
 * count too. Ids at or below the highest are replays or late arrivals, never gaps (the duplicate filter handles
 * repeats). Each gap is logged once, at most one line per {@link #LOG_INTERVAL}, the rest summed into the next line.
 *
 * <p>Confined to one stream stage, so not thread-safe.
 */
final class TradeIdGaps {

    private static final Logger log = LoggerFactory.getLogger(TradeIdGaps.class);
    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    /**
     * A jump in one market's trade ids: {@code firstMissing} to {@code lastMissing} never arrived; {@code before} is
     * the event time of the trade before them, where known (a venue whose history pages by time starts there).
     */
    record Gap(Market market, long firstMissing, long lastMissing, Optional<Instant> before) {
        long missed() {
            return lastMissing - firstMissing + 1;
        }
    }

    private final String venue;
    private final IngestMetrics metrics;
    private final LongSupplier nanoClock;
    private final Map<Market, Long> highestIds = new HashMap<>();
    private final Map<Market, Instant> highestTimes = new HashMap<>();
    private boolean nonNumericReported;
    private long loggedAt;
    private boolean loggedOnce;
    private long gapsNotLogged;
    private long missedNotLogged;

    TradeIdGaps(String venue, IngestMetrics metrics, LongSupplier nanoClock) {
        this.venue = venue;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
    }

    /** Takes the next unique trade of its market; counts and logs the gap before it, if any. */
    Optional<Gap> observe(Trade trade) {
        return observe(trade.market(), trade.tradeId(), Optional.of(trade.eventTime()));
    }

    /** Takes the next unique trade id of {@code market}, a trade's or a print's the venue leaves out of candles. */
    Optional<Gap> observe(Market market, String tradeId) {
        return observe(market, tradeId, Optional.empty());
    }

    private Optional<Gap> observe(Market market, String tradeId, Optional<Instant> eventTime) {
        long id;
        try {
            id = Long.parseLong(tradeId);
        } catch (NumberFormatException e) {
            if (!nonNumericReported) {
                nonNumericReported = true;
                log.warn("{} trade id '{}' on {} is not a number; such trades are left out of gap detection "
                        + "(logged once)", venue, tradeId, market);
            }
            return Optional.empty();
        }
        Long highest = highestIds.get(market);
        if (highest != null && id <= highest) {
            return Optional.empty();
        }
        highestIds.put(market, id);
        Optional<Instant> before = Optional.ofNullable(highestTimes.get(market));
        eventTime.ifPresent(time -> highestTimes.put(market, time));
        if (highest == null || id == highest + 1) {
            return Optional.empty();
        }
        Gap gap = new Gap(market, highest + 1, id - 1, before);
        metrics.gap(market, gap.missed());
        report(gap);
        return Optional.of(gap);
    }

    private void report(Gap gap) {
        long now = nanoClock.getAsLong();
        if (loggedOnce && now - loggedAt < LOG_INTERVAL.toNanos()) {
            gapsNotLogged++;
            missedNotLogged += gap.missed();
            return;
        }
        String range = gap.missed() == 1 ? "id " + gap.firstMissing()
                : "ids " + gap.firstMissing() + ".." + gap.lastMissing();
        log.warn("Trade ids of {} from {} jumped from {} to {}: {} trade(s) missed ({}){}", gap.market(), venue,
                gap.firstMissing() - 1, gap.lastMissing() + 1, gap.missed(), range,
                gapsNotLogged == 0 ? ""
                        : "; " + gapsNotLogged + " more gap(s) with " + missedNotLogged
                        + " missed trade(s) since the last report (counted per market in the metrics)");
        loggedOnce = true;
        loggedAt = now;
        gapsNotLogged = 0;
        missedNotLogged = 0;
    }
}
