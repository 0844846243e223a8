package io.cryptostream.spark;

import io.cryptostream.domain.RejectReason;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of the trade window query; its malformed records are those the trade check rejected, counted
 * here per reason and exchange once the dead-letter query has set them aside.
 */
public final class TradeWindowMetrics extends QueryProgressTotals {

    /** Rejected records of no known exchange (not JSON, no exchange field) are counted under this name. */
    public static final String NO_EXCHANGE = "(none)";

    private final Map<RejectReason, Map<String, LongAdder>> rejected = new ConcurrentHashMap<>();

    TradeWindowMetrics(String queryName) {
        super(queryName, TradeJsonParser.PARSE_METRICS);
    }

    /** Id of the newest reported micro-batch, -1 before the first. */
    public long lastBatchId() {
        return newestBatchId();
    }

    /** Trades whose event time was behind the watermark when they arrived: not counted in any window. */
    public long lateTradesDropped() {
        return lateRowsDropped();
    }

    void rejected(RejectReason reason, String exchange, long count) {
        rejected.computeIfAbsent(reason, r -> new ConcurrentHashMap<>())
                .computeIfAbsent(exchange == null ? NO_EXCHANGE : exchange, e -> new LongAdder()).add(count);
    }

    /** Records set aside by this process, per reason and then exchange, both sorted. */
    public Map<RejectReason, Map<String, Long>> rejectedByReasonAndExchange() {
        Map<RejectReason, Map<String, Long>> counts = new EnumMap<>(RejectReason.class);
        rejected.forEach((reason, byExchange) -> {
            Map<String, Long> sums = new TreeMap<>();
            byExchange.forEach((exchange, count) -> sums.put(exchange, count.sum()));
            counts.put(reason, Collections.unmodifiableMap(sums));
        });
        return Collections.unmodifiableMap(counts);
    }

    /** Records set aside by this process, per reason. */
    public Map<RejectReason, Long> rejectedByReason() {
        Map<RejectReason, Long> counts = new EnumMap<>(RejectReason.class);
        rejected.forEach((reason, byExchange) -> counts.put(reason,
                byExchange.values().stream().mapToLong(LongAdder::sum).sum()));
        return Collections.unmodifiableMap(counts);
    }

    /** Records set aside by this process. */
    public long rejectedRecords() {
        return rejectedByReason().values().stream().mapToLong(Long::longValue).sum();
    }
}
