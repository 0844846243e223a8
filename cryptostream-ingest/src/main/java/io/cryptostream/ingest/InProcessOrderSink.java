package io.cryptostream.ingest;

import io.cryptostream.domain.OrderEvent;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Hands order events, in arrival order, to a callback in batches of at most {@code maxBatch}, at least every
 * {@code maxWait} while they arrive; like {@link InProcessTradeSink}, the callback may block and backpressures the
 * socket, and a callback that throws fails the run.
 */
public final class InProcessOrderSink implements OrderSink {

    private final BatchingSink<OrderEvent> batches;

    public InProcessOrderSink(Consumer<List<OrderEvent>> consumer) {
        this(consumer, InProcessTradeSink.DEFAULT_MAX_BATCH, InProcessTradeSink.DEFAULT_MAX_WAIT);
    }

    public InProcessOrderSink(Consumer<List<OrderEvent>> consumer, int maxBatch, Duration maxWait) {
        this.batches = new BatchingSink<>(consumer, maxBatch, maxWait);
    }

    @Override
    public Sink<OrderEvent, CompletionStage<Done>> create(ActorSystem system) {
        return batches.create();
    }

    @Override
    public String description() {
        return "in-process order consumer (batches of up to " + batches.maxBatch() + ")";
    }
}
