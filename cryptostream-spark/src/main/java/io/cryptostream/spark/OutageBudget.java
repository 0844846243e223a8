package io.cryptostream.spark;

import java.time.Duration;

/**
 * How long the job waits out a Cassandra outage before it stops, and how often it tries again meanwhile.
 *
 * @param budget     how long writes may keep failing before the job stops (its checkpoint keeps its place);
 *                   default 10 minutes
 * @param firstDelay the wait before the first retry, doubled after each failure; default 1 s
 * @param maxDelay   the longest wait between two retries; default 30 s
 */
public record OutageBudget(Duration budget, Duration firstDelay, Duration maxDelay) {

    public OutageBudget {
        requirePositive(budget, "budget");
        requirePositive(firstDelay, "firstDelay");
        requirePositive(maxDelay, "maxDelay");
        if (maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("maxDelay " + maxDelay + " is shorter than firstDelay " + firstDelay);
        }
    }

    public static OutageBudget defaults() {
        return new OutageBudget(Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("outage " + name + " must be positive, was " + value);
        }
    }
}
