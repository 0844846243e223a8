package io.cryptostream.simulator;

import io.cryptostream.exchange.TradeHistory;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * A venue's REST request budget over fixed windows: at most {@code limit} request weight per {@code window}, the
 * first window starting at the first request. Thread-safe.
 */
final class RequestBudget {

    private final TradeHistory.Budget budget;
    private Instant windowStart;
    private long used;

    RequestBudget(TradeHistory.Budget budget) {
        this.budget = budget;
    }

    /**
     * Spends {@code weight} if the current window has room for it.
     *
     * @return empty when spent; otherwise the whole seconds until the window ends, for {@code Retry-After}
     */
    synchronized OptionalLong spend(int weight, Instant now) {
        if (windowStart == null || !now.isBefore(windowStart.plus(budget.window()))) {
            windowStart = now;
            used = 0;
        }
        if (used + weight > budget.limit()) {
            Duration left = Duration.between(now, windowStart.plus(budget.window()));
            return OptionalLong.of(Math.max(1, (left.toMillis() + 999) / 1000));
        }
        used += weight;
        return OptionalLong.empty();
    }

    /** Weight spent in the current window. */
    synchronized long used() {
        return used;
    }

    TradeHistory.Budget budget() {
        return budget;
    }
}
