package io.cryptostream.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * When to connect again, within the venue's connection rules: at least {@code minSpacing} between two attempts
 * (CryptoCompare: 5 s), no more than {@code maxAttemptsPerWindow} attempts in any rolling {@code window}, and a floor
 * set by the venue (429: wait at least a minute). After a failure the wait starts at {@code minDelay} and grows
 * exponentially with jitter up to {@code maxDelay} while connections keep failing, back to {@code minDelay} once one
 * stayed up for {@code resetAfter}; a planned reconnect ({@link #plannedDelay}) waits only for the venue's rules and
 * leaves the failure count alone.
 *
 * <p>Not thread-safe; time is passed in so that tests need no clock.
 */
final class ReconnectBackoff {

    private final Duration minDelay;
    private final Duration minSpacing;
    private final Duration maxDelay;
    private final double jitter;
    private final int maxAttemptsPerWindow;
    private final Duration window;
    private final Duration resetAfter;
    private final DoubleSupplier random;

    /** Start times of the latest attempts, at most {@code maxAttemptsPerWindow} of them, oldest first. */
    private final ArrayDeque<Instant> recentAttempts = new ArrayDeque<>();
    private int failuresInARow;
    private Instant notBefore = Instant.MIN;

    ReconnectBackoff(Duration minDelay, Duration minSpacing, Duration maxDelay, double jitter, int maxAttemptsPerWindow,
                     Duration window, Duration resetAfter, DoubleSupplier random) {
        this.minDelay = Objects.requireNonNull(minDelay, "minDelay");
        this.minSpacing = Objects.requireNonNull(minSpacing, "minSpacing");
        this.maxDelay = Objects.requireNonNull(maxDelay, "maxDelay");
        this.jitter = jitter;
        this.maxAttemptsPerWindow = maxAttemptsPerWindow;
        this.window = Objects.requireNonNull(window, "window");
        this.resetAfter = Objects.requireNonNull(resetAfter, "resetAfter");
        this.random = Objects.requireNonNull(random, "random");
    }

    static ReconnectBackoff of(IngestSettings settings, Duration minSpacing, DoubleSupplier random) {
        return new ReconnectBackoff(settings.minReconnectDelay(), minSpacing, settings.maxReconnectDelay(),
                settings.reconnectJitter(), settings.maxConnectsPerMinute(), Duration.ofMinutes(1),
                settings.backoffResetAfter(), random);
    }

    /**
     * How long to wait from {@code now} before the next attempt. Each call counts as one more failure in a row, so
     * that the next delay doubles, until {@link #connectionEnded} reports a healthy connection.
     */
    Duration nextDelay(Instant now) {
        long max = maxDelay.toNanos();
        long base = minDelay.toNanos();
        for (int i = 0; i < failuresInARow && base < max; i++) {
            base *= 2;
        }
        base = Math.min(base, max);
        failuresInARow++;
        long jittered = Math.min(max, base + (long) (base * jitter * random.getAsDouble()));
        return Duration.between(now, withinRules(now.plusNanos(jittered)));
    }

    /**
     * How long to wait from {@code now} before a planned reconnect (a max-age cycle, a reconnect the venue asked for):
     * no longer than the venue's rules require, and not counted as a failure.
     */
    Duration plannedDelay(Instant now) {
        return Duration.between(now, withinRules(now));
    }

    /** The earliest instant from {@code earliest} on that keeps the spacing, the rolling window and any hold-off. */
    private Instant withinRules(Instant earliest) {
        Instant last = recentAttempts.peekLast();
        if (last != null && last.plus(minSpacing).isAfter(earliest)) {
            earliest = last.plus(minSpacing);
        }
        if (recentAttempts.size() >= maxAttemptsPerWindow) {
            // The attempt maxAttemptsPerWindow back must leave the window before another may start.
            Instant oldest = recentAttempts.peekFirst();
            if (oldest.plus(window).isAfter(earliest)) {
                earliest = oldest.plus(window);
            }
        }
        if (notBefore.isAfter(earliest)) {
            earliest = notBefore;
        }
        return earliest;
    }

    /** A connection attempt starts now. */
    void attemptStarted(Instant at) {
        recentAttempts.addLast(at);
        while (recentAttempts.size() > maxAttemptsPerWindow) {
            recentAttempts.removeFirst();
        }
    }

    /** A connection ended after being up (welcomed) for {@code upFor}; zero if it never got that far. */
    void connectionEnded(Duration upFor) {
        if (upFor.compareTo(resetAfter) >= 0) {
            failuresInARow = 0;
        }
    }

    /** The venue asked for a pause: no attempt before {@code now + atLeast}. */
    void holdOff(Instant now, Duration atLeast) {
        Instant until = now.plus(atLeast);
        if (until.isAfter(notBefore)) {
            notBefore = until;
        }
    }
}
