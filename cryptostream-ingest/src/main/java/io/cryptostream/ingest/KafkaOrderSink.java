package io.cryptostream.ingest;

import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.OrderJson;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Produces each order event to the orders topic ({@link KafkaSinkSettings#ordersDefaults()}: {@code orders}) with key
 * {@link io.cryptostream.domain.Market#key()} (one market's book changes stay on one partition, in order) and value
 * {@link OrderJson#encode}; delivery guarantees and failures as {@link KafkaTradeSink}. Its producer's client.id is the
 * settings' one with {@value #CLIENT_ID_SUFFIX} appended, so that it can run next to the trade sink's producer.
 */
public final class KafkaOrderSink implements OrderSink {

    public static final String CLIENT_ID_SUFFIX = "-orders";

    private final KafkaProducerSink<OrderEvent> producer;

    public KafkaOrderSink(KafkaSinkSettings settings) {
        this.producer = new KafkaProducerSink<>(settings, "orders", settings.clientId() + CLIENT_ID_SUFFIX,
                order -> new SpoolRecord(order.market().key(), OrderJson.encode(order)), Optional.empty());
    }

    @Override
    public Sink<OrderEvent, CompletionStage<Done>> create(ActorSystem system) {
        return producer.create();
    }

    @Override
    public Optional<SpoolStats> spool() {
        return producer.spool();
    }

    @Override
    public Optional<DeliveryStats> delivery() {
        return producer.delivery();
    }

    @Override
    public String description() {
        return producer.description();
    }
}
