package io.cryptostream.spark;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OutageRetryTest {

    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    private static final OutageBudget BUDGET = new OutageBudget(Duration.ofSeconds(60), Duration.ofSeconds(1),
            Duration.ofSeconds(8));

    @Test
    void delaysDoubleFromTheFirstUpToTheCap() {
        OutageRetry retry = new OutageRetry(BUDGET);
        List<Duration> delays = new ArrayList<>();
        Instant now = T0;
        for (int i = 0; i < 6; i++) {
            OutageRetry.RetryAfter move = (OutageRetry.RetryAfter) retry.failed(now);
            delays.add(move.delay());
            now = now.plus(move.delay());
        }

        assertThat(delays).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(8), Duration.ofSeconds(8));
    }

    @Test
    void onlyTheFirstFailureStartsAnOutage() {
        OutageRetry retry = new OutageRetry(BUDGET);

        assertThat(((OutageRetry.RetryAfter) retry.failed(T0)).outageStarted()).isTrue();
        assertThat(((OutageRetry.RetryAfter) retry.failed(T0.plusSeconds(1))).outageStarted()).isFalse();
        assertThat(retry.state()).isEqualTo(new OutageRetry.Outage(T0, 2, Duration.ofSeconds(4)));
    }

    @Test
    void theLastWaitEndsWhenTheBudgetEndsAndAFailureThenGivesUp() {
        OutageRetry retry = new OutageRetry(BUDGET);
        retry.failed(T0);

        assertThat(retry.failed(T0.plusSeconds(59))).isEqualTo(new OutageRetry.RetryAfter(Duration.ofSeconds(1), false));
        assertThat(retry.failed(T0.plusSeconds(60))).isEqualTo(new OutageRetry.GiveUp(Duration.ofSeconds(60), 3));
    }

    @Test
    void aSuccessEndsTheOutageWithHowLongItLastedAndTheNextOneStartsAfresh() {
        OutageRetry retry = new OutageRetry(BUDGET);
        retry.failed(T0);
        retry.failed(T0.plusSeconds(1));
        retry.failed(T0.plusSeconds(3));

        assertThat(retry.succeeded(T0.plusSeconds(7))).contains(Duration.ofSeconds(7));
        assertThat(retry.state()).isEqualTo(new OutageRetry.Healthy());
        assertThat(retry.succeeded(T0.plusSeconds(8))).isEmpty();
        assertThat(retry.failed(T0.plusSeconds(100))).isEqualTo(new OutageRetry.RetryAfter(Duration.ofSeconds(1), true));
    }
}
