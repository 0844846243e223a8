package io.cryptostream.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Statement;

import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asynchronous writes with a bound on how many are outstanding: {@link #send} waits for a free slot, and
 * {@link #awaitAll} waits for every write sent, then rethrows the first failure. After a failure nothing more is
 * sent.
 */
final class InFlightWrites {

    private final CqlSession session;
    private final int bound;
    private final Semaphore slots;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    InFlightWrites(CqlSession session, int bound) {
        this.session = session;
        this.bound = bound;
        this.slots = new Semaphore(bound);
    }

    void send(Statement<?> statement) throws InterruptedException {
        rethrowFailure();
        slots.acquire();
        session.executeAsync(statement).whenComplete((result, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error instanceof CompletionException ? error.getCause() : error);
            }
            slots.release();
        });
    }

    void awaitAll() throws InterruptedException {
        slots.acquire(bound);
        slots.release(bound);
        rethrowFailure();
    }

    private void rethrowFailure() throws InterruptedException {
        Throwable first = failure.get();
        if (first != null) {
            slots.acquire(bound);
            slots.release(bound);
            throw first instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("Writing to Cassandra failed: " + first.getMessage(), first);
        }
    }
}
