package io.cryptostream.ingest;

import io.cryptostream.domain.OrderEvent;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Where an ingest run delivers the order events of venues that send them (Bitstamp live_orders), apart from trades. */
public interface OrderSink {

    /**
     * A sink for one run. It backpressures while it cannot take more, and its stage completes once every order event
     * it received is delivered, or fails with an error that says what to do.
     */
    Sink<OrderEvent, CompletionStage<Done>> create(ActorSystem system);

    /** The spool of a sink that keeps what Kafka did not take yet, as of now; empty for other sinks. */
    default Optional<SpoolStats> spool() {
        return Optional.empty();
    }

    /** How the deliveries of a sink that sends to Kafka stand now; empty for other sinks. */
    default Optional<DeliveryStats> delivery() {
        return Optional.empty();
    }

    /** For logs, e.g. "Kafka at 127.0.0.1:19092, topic orders"; no credentials. */
    String description();
}
