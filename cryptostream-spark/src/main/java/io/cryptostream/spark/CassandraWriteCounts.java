package io.cryptostream.spark;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the job's writes to Cassandra did so far: batches written, failed tries, retries, the newest success and the
 * newest trade (by receive time) in a written row.
 */
public final class CassandraWriteCounts {

    private final LongAdder written = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private volatile Instant lastWritten;
    private volatile Instant newestReceivedWritten;

    void onWritten(Instant at) {
        written.increment();
        lastWritten = at;
    }

    synchronized void onNewestReceivedWritten(Instant received) {
        if (newestReceivedWritten == null || received.isAfter(newestReceivedWritten)) {
            newestReceivedWritten = received;
        }
    }

    void onFailure() {
        failed.increment();
    }

    void onRetry() {
        retried.increment();
    }

    /** Micro-batches written completely. */
    public long written() {
        return written.sum();
    }

    /** Tries that failed because Cassandra could not be reached or answer (or nothing listened on its port). */
    public long failed() {
        return failed.sum();
    }

    /** Retries scheduled within the outage budget: the job waited to write again. */
    public long retried() {
        return retried.sum();
    }

    /** The newest receive time of any trade in a row written so far; empty before the first. */
    public Optional<Instant> newestReceivedWritten() {
        return Optional.ofNullable(newestReceivedWritten);
    }

    /** When the newest batch was written; empty before the first. */
    public Optional<Instant> lastWritten() {
        return Optional.ofNullable(lastWritten);
    }
}
