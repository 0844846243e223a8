package io.cryptostream.spark;

import com.datastax.spark.connector.cql.CassandraConnector;
import io.cryptostream.store.CassandraSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Runs a write to Cassandra again while Cassandra is unreachable, within the {@link OutageBudget}. It runs inside
 * the job's micro-batch, so while it waits the batch is not committed and the job keeps its place; the writes are
 * complete-value upserts, so writing a batch again is harmless. One line is logged when an outage starts and one
 * when it ends; past the budget the write fails with a {@link CassandraOutageException} that says what to do.
 */
final class CassandraWriteRetry {

    private static final Logger LOG = LoggerFactory.getLogger(CassandraWriteRetry.class);

    /**
     * Exception classes and messages of a Cassandra that cannot be reached or cannot answer now. They are matched
     * by name as well as by type: a task's failure reaches the driver as text when its exception cannot be
     * serialized.
     */
    private static final List<String> UNREACHABLE_SIGNS = List.of(
            "AllNodesFailedException", "NoNodeAvailableException", "DriverTimeoutException",
            "ClosedConnectionException", "HeartbeatException", "servererrors.UnavailableException",
            "servererrors.WriteTimeoutException", "servererrors.OverloadedException",
            "servererrors.BootstrappingException", "Failed to open native connection",
            "Could not reach any contact point", "No node was available", "All host(s) tried for query failed",
            "Control channel not available");

    private final CassandraSettings cassandra;
    private final OutageBudget budget;
    private final OutageRetry retry;
    private final RetryClock clock;
    private final BooleanSupplier listening;
    private final Runnable dropSessions;
    private final CassandraWriteCounts counts = new CassandraWriteCounts();

    /**
     * @param listening    whether Cassandra's port takes connections now: a failure the driver words in a way not
     *                     listed here still counts as an outage when nothing listens, and no write is tried until
     *                     something does
     * @param dropSessions closes the sessions the failed write used, so the next try opens a fresh one
     */
    CassandraWriteRetry(CassandraSettings cassandra, OutageBudget budget, RetryClock clock, BooleanSupplier listening,
                        Runnable dropSessions) {
        this.cassandra = cassandra;
        this.budget = budget;
        this.retry = new OutageRetry(budget);
        this.clock = clock;
        this.listening = listening;
        this.dropSessions = dropSessions;
    }

    /**
     * The connector caches one driver session per cluster; after an outage that session can be left with a schema
     * refresh that never completes (and cannot be interrupted), so it is evicted and the next try starts afresh.
     */
    CassandraWriteRetry(CassandraSettings cassandra, OutageBudget budget) {
        this(cassandra, budget, RetryClock.SYSTEM, () -> listening(cassandra), CassandraConnector::evictCache);
    }

    /**
     * @throws CassandraOutageException when Cassandra stays unreachable for longer than the budget
     * @throws InterruptedException     when the query is stopped while it waits
     */
    void run(Runnable write) throws InterruptedException {
        Exception lastFailure = null;
        while (true) {
            if (lastFailure == null || listening.getAsBoolean()) {
                try {
                    write.run();
                    counts.onWritten(clock.now());
                    retry.succeeded(clock.now()).ifPresent(lasted -> LOG.info("Cassandra at {} is back after {}; the"
                            + " job goes on from where it stopped", cassandra.address(), human(lasted)));
                    return;
                } catch (Exception e) {
                    // The connector is Scala: it throws IOException ("Failed to open native connection") unchecked.
                    if (!unreachable(e) && listening.getAsBoolean()) {
                        throw e instanceof RuntimeException runtime ? runtime
                                : new IllegalStateException("Writing to Cassandra failed: " + e.getMessage(), e);
                    }
                    lastFailure = e;
                    dropSessions.run();
                }
            }
            // A try that found nothing listening failed as surely as a write that was refused.
            counts.onFailure();
            OutageRetry.Move move = retry.failed(clock.now());
            if (move instanceof OutageRetry.GiveUp giveUp) {
                throw new CassandraOutageException("Cassandra at " + cassandra.address() + " was unreachable for "
                        + human(giveUp.lasted()) + " (" + giveUp.failures() + " tries), longer than the outage"
                        + " budget of " + human(budget.budget()) + " (--cassandra-outage-budget): the job stopped"
                        + " at its last complete batch. Start Cassandra (the local one: ./cryptostream servers"
                        + " start) and rerun the same command: it resumes from its checkpoint.", lastFailure);
            }
            OutageRetry.RetryAfter again = (OutageRetry.RetryAfter) move;
            counts.onRetry();
            if (again.outageStarted()) {
                LOG.warn("Cassandra at {} is unreachable ({}): the job keeps its place and retries for up to {}"
                        + " (cassandra.outage-budget)", cassandra.address(), firstLine(lastFailure),
                        human(budget.budget()));
            }
            clock.sleep(again.delay());
        }
    }

    CassandraWriteCounts counts() {
        return counts;
    }

    static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String text = t.getClass().getName() + ": " + t.getMessage();
            if (UNREACHABLE_SIGNS.stream().anyMatch(text::contains)) {
                return true;
            }
        }
        return false;
    }

    private static boolean listening(CassandraSettings cassandra) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(cassandra.host(), cassandra.port()), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String firstLine(Throwable failure) {
        Throwable innermost = failure;
        while (innermost.getCause() != null) {
            innermost = innermost.getCause();
        }
        String message = String.valueOf(innermost.getMessage()).strip();
        int newline = message.indexOf('\n');
        return innermost.getClass().getSimpleName() + ": " + (newline < 0 ? message : message.substring(0, newline));
    }

    static String human(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return duration.toMillis() < 10_000 && duration.toMillisPart() != 0
                    ? String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0) : seconds + " s";
        }
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds / 60 + " min " + seconds % 60 + " s";
    }
}
