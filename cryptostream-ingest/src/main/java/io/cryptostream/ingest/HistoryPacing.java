package io.cryptostream.ingest;

import io.cryptostream.exchange.TradeHistory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the next REST history request may go out: spaced so that the venue's request budget is never spent
 * ({@link #spacing}), held back after a 429 for its {@code Retry-After}, backing off (doubling) after failures, and
 * giving up after {@code maxAttempts} failures in a row. One request at a time; not thread-safe.
 */
final class HistoryPacing {

    /** Where the pacing stands. */
    sealed interface State {
        /** The next request may go at {@code at}. */
        record Ready(Instant at) implements State {
        }

        /** The last {@code failures} requests failed or were refused; the next waits until {@code until}. */
        record BackingOff(Instant until, int failures) implements State {
        }

        /** Too many requests in a row failed, the last for {@code reason}; no further request until {@code until}. */
        record GaveUp(Instant until, String reason) implements State {
        }
    }

    private final Duration spacing;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final int maxAttempts;
    private State state = new State.Ready(Instant.MIN);

    HistoryPacing(Duration spacing, Duration firstBackoff, Duration maxBackoff, int maxAttempts) {
        this.spacing = spacing;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.maxAttempts = maxAttempts;
    }

    /** Pacing within {@code history}'s budget: one request's weight is a share of the window. */
    static HistoryPacing of(TradeHistory history, GapFillSettings settings) {
        TradeHistory.Budget budget = history.budget();
        Duration spacing = budget.window().multipliedBy(history.requestWeight()).dividedBy(budget.limit());
        return new HistoryPacing(spacing, settings.firstBackoff(), settings.maxBackoff(), settings.maxAttempts());
    }

    State state() {
        return state;
    }

    /** The earliest time the next request may go. */
    Instant nextRequestAt() {
        if (state instanceof State.Ready ready) {
            return ready.at();
        }
        if (state instanceof State.BackingOff backingOff) {
            return backingOff.until();
        }
        return ((State.GaveUp) state).until();
    }

    /** A page came back: the failures are forgotten, the next request waits its share of the budget. */
    void answered(Instant now) {
        state = new State.Ready(now.plus(spacing));
    }

    /** A 429 (or 418): wait what the venue asks, else back off; a refusal counts as a failed attempt. */
    void rateLimited(Instant now, Optional<Duration> retryAfter, String reason) {
        int failures = failures() + 1;
        Duration wait = retryAfter.filter(d -> !d.isNegative()).orElseGet(() -> backoff(failures));
        fail(now.plus(wait.compareTo(spacing) < 0 ? spacing : wait), failures, reason);
    }

    /** No answer, or an answer worth retrying (5xx): back off. */
    void failed(Instant now, String reason) {
        int failures = failures() + 1;
        fail(now.plus(backoff(failures)), failures, reason);
    }

    /** After giving up on one gap, the next gap starts afresh (still not before the wait). */
    void nextGap() {
        if (state instanceof State.GaveUp gaveUp) {
            state = new State.Ready(gaveUp.until());
        }
    }

    private void fail(Instant until, int failures, String reason) {
        state = failures >= maxAttempts ? new State.GaveUp(until, reason) : new State.BackingOff(until, failures);
    }

    private int failures() {
        return state instanceof State.BackingOff backingOff ? backingOff.failures() : 0;
    }

    /** {@code firstBackoff} doubled per failure after the first, at most {@code maxBackoff}. */
    Duration backoff(int failures) {
        Duration wait = firstBackoff;
        for (int i = 1; i < failures && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
