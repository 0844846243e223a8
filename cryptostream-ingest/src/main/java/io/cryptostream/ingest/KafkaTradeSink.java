package io.cryptostream.ingest;

import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeJson;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Produces each trade to the trades topic with key {@link io.cryptostream.domain.Market#key()} (one market stays on
 * one partition, in order) and value {@link TradeJson#encode}. The producer is idempotent with {@code acks=all}, so
 * its retries neither lose nor duplicate a trade; while Kafka is away it retries for {@code deliveryTimeout} with the
 * socket backpressured, then keeps the trades in a spool file and sends them, in order, when Kafka is back
 * ({@link SpoolingProducer}). The run fails only when the spool is full, with an error that names the broker and the
 * spool.
 */
public final class KafkaTradeSink implements TradeSink {

    private final KafkaProducerSink<Trade> producer;

    public KafkaTradeSink(KafkaSinkSettings settings) {
        this.producer = new KafkaProducerSink<>(settings, "trades", settings.clientId(), trade -> trade.market().key(),
                TradeJson::encode);
    }

    @Override
    public Sink<Trade, CompletionStage<Done>> create(ActorSystem system) {
        return producer.create();
    }

    @Override
    public Optional<SpoolStats> spool() {
        return producer.spool();
    }

    @Override
    public String description() {
        return producer.description();
    }
}
