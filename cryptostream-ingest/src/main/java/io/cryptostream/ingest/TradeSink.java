package io.cryptostream.ingest;

import io.cryptostream.domain.Trade;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Where an ingest run delivers its trades. */
public interface TradeSink {

    /**
     * A sink for one run. It backpressures while it cannot take more, and its stage completes once every trade it
     * received is delivered, or fails with an error that says what to do.
     */
    Sink<Trade, CompletionStage<Done>> create(ActorSystem system);

    /**
     * The trades this sink delivered last, up to {@code perPartition} per partition of its topic, oldest first per
     * partition, so that a new run recognises what a venue sends again on subscribe; none for sinks that keep nothing.
     */
    default List<Trade> recentTrades(int perPartition) {
        return List.of();
    }

    /** The spool of a sink that keeps what Kafka did not take yet, as of now; empty for other sinks. */
    default Optional<SpoolStats> spool() {
        return Optional.empty();
    }

    /** How the deliveries of a sink that sends to Kafka stand now; empty for other sinks. */
    default Optional<DeliveryStats> delivery() {
        return Optional.empty();
    }

    /**
     * Where the trades the trade check refused go, counted and logged by the run already; by default nowhere else.
     * Its stage completes like {@link #create}'s.
     */
    default Sink<RejectedTrade, CompletionStage<Done>> createRejected(ActorSystem system) {
        return Sink.ignore();
    }

    /** For logs, e.g. "Kafka at 127.0.0.1:19092, topic trades"; no credentials. */
    String description();
}
