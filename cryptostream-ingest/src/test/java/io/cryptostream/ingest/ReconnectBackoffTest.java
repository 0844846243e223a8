package io.cryptostream.ingest;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReconnectBackoffTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration FIVE_S = Duration.ofSeconds(5);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static ReconnectBackoff backoff(Duration min, Duration max, double jitter, int perMinute, double random) {
        return new ReconnectBackoff(min, min, max, jitter, perMinute, MINUTE, MINUTE, () -> random);
    }

    @Test
    void defaultsFollowCryptoCompareRules() {
        IngestSettings defaults = IngestSettings.builder().build();
        assertThat(defaults.minReconnectDelay()).isEqualTo(FIVE_S);
        assertThat(defaults.maxReconnectDelay()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.maxConnectsPerMinute()).isEqualTo(60);
        assertThat(defaults.rateLimitedWait()).isGreaterThanOrEqualTo(MINUTE);
        assertThat(defaults.staleAfter()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void doublesWhileFailingUpToTheCap() {
        ReconnectBackoff b = backoff(FIVE_S, Duration.ofSeconds(60), 0, 60, 0.5);
        List<Long> delays = new ArrayList<>();
        Instant now = T0;
        b.attemptStarted(now);
        for (int i = 0; i < 7; i++) {
            Duration d = b.nextDelay(now);
            delays.add(d.toSeconds());
            now = now.plus(d);
            b.attemptStarted(now);
            b.connectionEnded(Duration.ZERO);
        }
        assertThat(delays).containsExactly(5L, 10L, 20L, 40L, 60L, 60L, 60L);
    }

    @Test
    void jitterStaysWithinItsFractionAndUnderTheCap() {
        for (double r : new double[] {0, 0.25, 0.999999}) {
            ReconnectBackoff b = backoff(FIVE_S, Duration.ofSeconds(60), 0.2, 60, r);
            b.attemptStarted(T0);
            Instant now = T0.plusSeconds(1);
            Duration first = b.nextDelay(now);
            assertThat(first).isBetween(FIVE_S, Duration.ofMillis(6000));
            assertThat(first.toNanos()).isEqualTo(5_000_000_000L + (long) (5_000_000_000L * 0.2 * r));
            for (int i = 0; i < 6; i++) {
                b.nextDelay(now);
            }
            assertThat(b.nextDelay(now)).isEqualTo(Duration.ofSeconds(60));
        }
    }

    @Test
    void neverLessThanTheMinimumSinceTheLastAttempt() {
        ReconnectBackoff b = backoff(FIVE_S, Duration.ofSeconds(60), 0.2, 60, 0);
        b.attemptStarted(T0);
        // The session ended 1 s after it started: the next attempt is still 5 s after the previous one's start.
        assertThat(b.nextDelay(T0.plusSeconds(1))).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        Instant now = T0;
        for (int i = 0; i < 200; i++) {
            Duration d = b.nextDelay(now);
            Instant next = now.plus(d);
            assertThat(Duration.between(now, next)).isGreaterThanOrEqualTo(FIVE_S);
            b.attemptStarted(next);
            b.connectionEnded(Duration.ofMinutes(2));
            now = next;
        }
    }

    @Test
    void aHealthyConnectionResetsTheBackoff() {
        ReconnectBackoff b = backoff(FIVE_S, Duration.ofSeconds(60), 0, 60, 0);
        Instant now = T0;
        for (int i = 0; i < 4; i++) {
            now = now.plus(b.nextDelay(now));
            b.attemptStarted(now);
            b.connectionEnded(Duration.ofSeconds(10));
        }
        // 5, 10, 20, 40 s so far; 80 s is capped.
        assertThat(b.nextDelay(now)).isEqualTo(Duration.ofSeconds(60));
        now = now.plusSeconds(60);
        b.attemptStarted(now);
        b.connectionEnded(MINUTE);
        now = now.plus(MINUTE);
        assertThat(b.nextDelay(now)).isEqualTo(FIVE_S);
    }

    @Test
    void noMoreThanTheAllowedAttemptsInAnyRollingMinute() {
        // A tiny minimum (as in tests against the simulator) must still respect the per-minute cap.
        ReconnectBackoff b = backoff(Duration.ofMillis(10), Duration.ofMillis(10), 0, 60, 0);
        List<Instant> attempts = new ArrayList<>();
        Instant now = T0;
        for (int i = 0; i < 200; i++) {
            now = now.plus(b.nextDelay(now));
            b.attemptStarted(now);
            attempts.add(now);
            b.connectionEnded(Duration.ZERO);
        }
        for (int i = 0; i < attempts.size(); i++) {
            Instant start = attempts.get(i);
            long inWindow = attempts.stream()
                    .filter(t -> !t.isBefore(start) && t.isBefore(start.plus(MINUTE))).count();
            assertThat(inWindow).as("attempts in the minute from attempt %d", i).isLessThanOrEqualTo(60);
        }
        // The 61st attempt waits until the first has left the window.
        assertThat(attempts.get(60)).isEqualTo(attempts.get(0).plus(MINUTE));
    }

    @Test
    void aRefusalHoldsOffAtLeastAsLongAsTheVenueAsked() {
        ReconnectBackoff b = backoff(FIVE_S, Duration.ofSeconds(60), 0.2, 60, 0.5);
        b.attemptStarted(T0);
        b.connectionEnded(Duration.ZERO);
        b.holdOff(T0.plusSeconds(1), MINUTE);
        assertThat(b.nextDelay(T0.plusSeconds(1))).isGreaterThanOrEqualTo(MINUTE);
    }

    @Test
    void plannedReconnectsWaitOnlyForTheSpacingAndAddNoFailure() {
        ReconnectBackoff b = new ReconnectBackoff(FIVE_S, Duration.ofSeconds(2), Duration.ofSeconds(60), 0, 60, MINUTE,
                MINUTE, () -> 0.5);
        b.attemptStarted(T0);
        assertThat(b.plannedDelay(T0.plusMillis(500))).as("the spacing since the last attempt")
                .isEqualTo(Duration.ofMillis(1500));
        assertThat(b.plannedDelay(T0.plusSeconds(3))).isZero();
        assertThat(b.plannedDelay(T0.plusSeconds(3))).as("planned reconnects never grow").isZero();
        assertThat(b.nextDelay(T0.plusSeconds(3))).as("the failure backoff starts where it was").isEqualTo(FIVE_S);
    }

    @Test
    void plannedReconnectsKeepTheRollingWindowAndTheVenuesHoldOff() {
        ReconnectBackoff b = new ReconnectBackoff(FIVE_S, Duration.ZERO, Duration.ofSeconds(60), 0, 2, MINUTE, MINUTE,
                () -> 0.5);
        b.attemptStarted(T0);
        b.attemptStarted(T0.plusSeconds(1));
        assertThat(b.plannedDelay(T0.plusSeconds(2))).isEqualTo(Duration.ofSeconds(58));

        ReconnectBackoff held = new ReconnectBackoff(FIVE_S, Duration.ZERO, Duration.ofSeconds(60), 0, 60, MINUTE,
                MINUTE, () -> 0.5);
        held.holdOff(T0, Duration.ofSeconds(30));
        assertThat(held.plannedDelay(T0.plusSeconds(10))).isEqualTo(Duration.ofSeconds(20));
    }
}
