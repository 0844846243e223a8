package io.cryptostream.spark;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/** What the job's writes to Cassandra did so far: batches written, failed tries, retries, the newest success. */
public final class CassandraWriteCounts {

    private final LongAdder written = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private volatile Instant lastWritten;

    void onWritten(Instant at) {
        written.increment();
        lastWritten = at;
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

    /** When the newest batch was written; empty before the first. */
    public Optional<Instant> lastWritten() {
        return Optional.ofNullable(lastWritten);
    }
}
