package io.cryptostream.ingest;

import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Hands elements, in arrival order, to a callback in batches of at most {@code maxBatch}, at least every
 * {@code maxWait} while elements arrive. The callback may block, so it runs on Pekko's blocking-io dispatcher; while
 * it runs, the socket is backpressured. A callback that throws fails the run.
 */
final class BatchingSink<T> {

    private static final String BLOCKING_DISPATCHER = "pekko.actor.default-blocking-io-dispatcher";

    private final Consumer<List<T>> consumer;
    private final int maxBatch;
    private final Duration maxWait;
    private final Optional<Duration> idleTick;

    BatchingSink(Consumer<List<T>> consumer, int maxBatch, Duration maxWait) {
        this(consumer, maxBatch, maxWait, Optional.empty());
    }

    /** With an {@code idleTick}, the callback also gets an empty batch after each such span without elements. */
    BatchingSink(Consumer<List<T>> consumer, int maxBatch, Duration maxWait, Optional<Duration> idleTick) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("maxWait must be positive, was " + maxWait);
        }
        this.maxBatch = maxBatch;
        this.maxWait = maxWait;
        this.idleTick = Objects.requireNonNull(idleTick, "idleTick");
    }

    Sink<T, CompletionStage<Done>> create() {
        // One batch waits while one is delivered: more would hold trades the socket should have been backpressured for.
        Sink<List<T>, CompletionStage<Done>> deliver = Sink.<List<T>>foreach(batch -> consumer.accept(List.copyOf(batch)))
                .async(BLOCKING_DISPATCHER).addAttributes(Attributes.inputBuffer(1, 1));
        Flow<T, List<T>, NotUsed> batches = Flow.<T>create().groupedWithin(maxBatch, maxWait);
        return idleTick.map(tick -> batches.keepAlive(tick, List::<T>of)).orElse(batches).toMat(deliver, Keep.right());
    }

    int maxBatch() {
        return maxBatch;
    }
}
