package io.cryptostream.spark;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The moves of a write that Cassandra keeps refusing: {@link Healthy} until a write fails, then {@link Outage}
 * with exponential backoff capped at {@link OutageBudget#maxDelay()}, never waiting past the end of the budget so
 * the last try comes when it ends; a failure at or after that end gives up. A success ends the outage.
 */
final class OutageRetry {

    sealed interface State permits Healthy, Outage {
    }

    record Healthy() implements State {
    }

    /** @param nextDelay the wait after the next failure, before the budget's end is applied */
    record Outage(Instant since, int failures, Duration nextDelay) implements State {
    }

    sealed interface Move permits RetryAfter, GiveUp {
    }

    /** @param outageStarted true for the first failure of an outage */
    record RetryAfter(Duration delay, boolean outageStarted) implements Move {
    }

    record GiveUp(Duration lasted, int failures) implements Move {
    }

    private final OutageBudget budget;
    private State state = new Healthy();

    OutageRetry(OutageBudget budget) {
        this.budget = budget;
    }

    State state() {
        return state;
    }

    Move failed(Instant now) {
        Outage outage = state instanceof Outage current ? current : new Outage(now, 0, budget.firstDelay());
        boolean started = state instanceof Healthy;
        Instant end = outage.since().plus(budget.budget());
        if (!now.isBefore(end)) {
            state = new Healthy();
            return new GiveUp(Duration.between(outage.since(), now), outage.failures() + 1);
        }
        Duration untilEnd = Duration.between(now, end);
        Duration delay = outage.nextDelay().compareTo(untilEnd) < 0 ? outage.nextDelay() : untilEnd;
        Duration doubled = outage.nextDelay().multipliedBy(2);
        state = new Outage(outage.since(), outage.failures() + 1,
                doubled.compareTo(budget.maxDelay()) < 0 ? doubled : budget.maxDelay());
        return new RetryAfter(delay, started);
    }

    /** @return how long the outage lasted when this success ends one */
    Optional<Duration> succeeded(Instant now) {
        Optional<Duration> ended = state instanceof Outage outage
                ? Optional.of(Duration.between(outage.since(), now)) : Optional.empty();
        state = new Healthy();
        return ended;
    }
}
