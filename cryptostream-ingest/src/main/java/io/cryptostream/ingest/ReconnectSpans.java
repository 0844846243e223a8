package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * On venues whose trade ids show no gaps, the time a reconnect may have lost trades in: per market, from the latest
 * trade before the connection ended to the first new one after the next began. Confined to the intake; not
 * thread-safe.
 */
final class ReconnectSpans {

    /**
     * {@code market} may have traded, unseen, between {@code lastBefore} and {@code firstAfter}, the trades with
     * ids {@code lastBeforeId} and {@code firstAfterId}.
     */
    record Span(Market market, Instant lastBefore, String lastBeforeId, Instant firstAfter, String firstAfterId) {
    }

    private final Map<Market, Trade> latest = new HashMap<>();
    private final Set<Market> reconnected = new HashSet<>();

    /** A session began: each market already traded starts a span, closed by its first new trade. */
    void sessionStarted() {
        reconnected.addAll(latest.keySet());
    }

    /** Takes the next unique trade; the span it closes, if it is its market's first since a reconnect. */
    Optional<Span> observe(Trade trade) {
        Market market = trade.market();
        Trade before = latest.get(market);
        if (before == null || trade.eventTime().isAfter(before.eventTime())) {
            latest.put(market, trade);
        }
        return reconnected.remove(market) && before != null
                ? Optional.of(new Span(market, before.eventTime(), before.tradeId(), trade.eventTime(), trade.tradeId()))
                : Optional.empty();
    }
}
