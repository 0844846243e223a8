package io.cryptostream.bench;

import io.cryptostream.spark.WindowBatch;
import io.cryptostream.spark.WindowSink;

import java.util.concurrent.atomic.AtomicLong;

/** Times the Cassandra writes inside each micro-batch, to tell them apart from the aggregation in addBatch. */
final class TimedWindowSink implements WindowSink {

    /** The phase name it adds next to Spark's own (addBatch includes it). */
    static final String PHASE = "sink (Cassandra writes, inside addBatch)";

    private final WindowSink sink;
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();

    TimedWindowSink(WindowSink sink) {
        this.sink = sink;
    }

    @Override
    public void write(WindowBatch batch) throws InterruptedException {
        long start = System.nanoTime();
        sink.write(batch);
        nanos.addAndGet(System.nanoTime() - start);
        writes.incrementAndGet();
    }

    double meanMillis() {
        long count = writes.get();
        return count == 0 ? 0 : nanos.get() / 1e6 / count;
    }
}
