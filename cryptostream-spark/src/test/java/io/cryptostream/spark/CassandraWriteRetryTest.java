package io.cryptostream.spark;

import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import io.cryptostream.store.CassandraSettings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CassandraWriteRetryTest {

    private static final CassandraSettings CASSANDRA = CassandraSettings.defaults().withContactPoint("10.0.0.7", 9042);
    private static final OutageBudget BUDGET = new OutageBudget(Duration.ofMinutes(1), Duration.ofSeconds(1),
            Duration.ofSeconds(10));

    /** A clock whose sleep only moves its time: the loop runs instantly. */
    private static final class SteppedClock implements RetryClock {
        private Instant now = Instant.parse("2026-01-05T10:00:00Z");
        private final List<Duration> sleeps = new ArrayList<>();

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
            now = now.plus(duration);
        }
    }

    @Test
    void aWriteFailingWhileCassandraIsDownIsRetriedWithBackoffUntilItSucceeds() throws InterruptedException {
        SteppedClock clock = new SteppedClock();
        AtomicInteger attempts = new AtomicInteger();

        new CassandraWriteRetry(CASSANDRA, BUDGET, clock, () -> true, () -> { }).run(() -> {
            if (attempts.incrementAndGet() <= 4) {
                throw unreachable();
            }
        });

        assertThat(attempts).hasValue(5);
        assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8));
    }

    @Test
    void theWriteCountsSayHowManyTriesFailedAndWereRetriedAndWhenTheWriteLanded() throws InterruptedException {
        SteppedClock clock = new SteppedClock();
        AtomicInteger attempts = new AtomicInteger();
        CassandraWriteRetry retry = new CassandraWriteRetry(CASSANDRA, BUDGET, clock, () -> true, () -> { });

        retry.run(() -> {
            if (attempts.incrementAndGet() <= 2) {
                throw unreachable();
            }
        });

        CassandraWriteCounts counts = retry.counts();
        assertThat(counts.failed()).as("failed tries").isEqualTo(2);
        assertThat(counts.retried()).as("tries made again").isEqualTo(2);
        assertThat(counts.written()).as("batches written").isEqualTo(1);
        assertThat(counts.lastWritten()).contains(clock.now());
    }

    @Test
    void theConnectorsUndeclaredIOExceptionIsRetriedLikeAnyUnreachableCassandra() throws InterruptedException {
        SteppedClock clock = new SteppedClock();
        AtomicInteger attempts = new AtomicInteger();

        new CassandraWriteRetry(CASSANDRA, BUDGET, clock, () -> true, () -> { }).run(() -> {
            if (attempts.incrementAndGet() == 1) {
                throwUndeclared(new IOException("Failed to open native connection to Cassandra at {10.0.0.7:9042}"));
            }
        });

        assertThat(attempts).hasValue(2);
        assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(1));
    }

    /** How Scala code, the connector among it, throws a checked exception it never declares. */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void throwUndeclared(Throwable failure) throws E {
        throw (E) failure;
    }

    @Test
    void pastTheBudgetTheWriteFailsWithOneLineNamingCassandraAndWhatToDo() {
        SteppedClock clock = new SteppedClock();

        assertThatThrownBy(() -> new CassandraWriteRetry(CASSANDRA, BUDGET, clock, () -> true, () -> { }).run(() -> {
            throw unreachable();
        }))
                .isInstanceOf(CassandraOutageException.class)
                .hasMessageNotContaining("\n")
                .hasMessageContaining("Cassandra at 10.0.0.7:9042 was unreachable for 1 min")
                .hasMessageContaining("--cassandra-outage-budget")
                .hasMessageContaining("rerun the same command: it resumes from its checkpoint");
        assertThat(clock.sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void noWriteIsTriedWhileNothingListensAndEachFailureDropsTheSessions() throws InterruptedException {
        SteppedClock clock = new SteppedClock();
        Instant back = clock.now().plusSeconds(6);
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger drops = new AtomicInteger();

        CassandraWriteRetry retry = new CassandraWriteRetry(CASSANDRA, BUDGET, clock, () -> !clock.now().isBefore(back),
                drops::incrementAndGet);
        retry.run(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw unreachable();
            }
        });

        assertThat(attempts).as("one failed write, then one once the port listens again").hasValue(2);
        assertThat(drops).hasValue(1);
        assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(retry.counts().failed()).as("the failed write and the tries that found nothing listening").isEqualTo(3);
        assertThat(retry.counts().retried()).isEqualTo(3);
    }

    @Test
    void aFailureThatIsNotAnOutageIsNotRetried() {
        SteppedClock clock = new SteppedClock();
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> new CassandraWriteRetry(CASSANDRA, BUDGET, clock, () -> true, () -> { }).run(() -> {
            attempts.incrementAndGet();
            throw new IllegalArgumentException("column avgprice does not fit");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(attempts).hasValue(1);
        assertThat(clock.sleeps).isEmpty();
    }

    @Test
    void anUnlistedFailureWhileNothingListensOnCassandrasPortIsAnOutage() throws InterruptedException {
        SteppedClock clock = new SteppedClock();
        Instant back = clock.now().plusSeconds(3);
        AtomicInteger attempts = new AtomicInteger();

        new CassandraWriteRetry(CASSANDRA, BUDGET, clock, () -> !clock.now().isBefore(back), () -> { }).run(() -> {
            attempts.incrementAndGet();
            if (clock.now().isBefore(back)) {
                throw new IllegalStateException("Control plane gone, aborting refresh");
            }
        });

        assertThat(attempts).hasValue(2);
        assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void aTaskFailureThatReachedTheDriverOnlyAsTextIsRecognised() {
        RuntimeException asText = new IllegalStateException("Job aborted due to stage failure: Lost task 0.0:"
                + " java.io.IOException: Failed to prepare statement INSERT INTO ks.t: "
                + "com.datastax.oss.driver.api.core.AllNodesFailedException: All 1 node(s) tried for the query failed");

        assertThat(CassandraWriteRetry.unreachable(asText)).isTrue();
        assertThat(CassandraWriteRetry.unreachable(new IllegalStateException("Table ks.t does not exist"))).isFalse();
    }

    /** How the Spark Cassandra connector reports a write while no node answers. */
    private static RuntimeException unreachable() {
        return new UncheckedIOException(new IOException("Failed to prepare statement INSERT INTO ks.t",
                new NoNodeAvailableException()));
    }
}
