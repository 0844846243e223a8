package io.cryptostream.ingest;

import io.cryptostream.domain.Trade;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Hands trades, in arrival order, to a callback in batches of at most {@code maxBatch}, at least every
 * {@code maxWait} while trades arrive. The callback may block (it feeds Spark's in-process source), so it runs on
 * Pekko's blocking-io dispatcher; while it runs, the socket is backpressured. A callback that throws fails the run.
 */
public final class InProcessTradeSink implements TradeSink {

    public static final int DEFAULT_MAX_BATCH = 500;
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofMillis(100);

    private final BatchingSink<Trade> batches;

    public InProcessTradeSink(Consumer<List<Trade>> consumer) {
        this(consumer, DEFAULT_MAX_BATCH, DEFAULT_MAX_WAIT);
    }

    public InProcessTradeSink(Consumer<List<Trade>> consumer, int maxBatch, Duration maxWait) {
        this.batches = new BatchingSink<>(consumer, maxBatch, maxWait);
    }

    @Override
    public Sink<Trade, CompletionStage<Done>> create(ActorSystem system) {
        return batches.create();
    }

    @Override
    public String description() {
        return "in-process consumer (batches of up to " + batches.maxBatch() + ")";
    }
}
