package io.cryptostream.ingest;

import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeJson;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.kafka.javadsl.Producer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Produces each trade to the trades topic with key {@link io.cryptostream.domain.Market#key()} (one market stays on
 * one partition, in order) and value {@link TradeJson#encode}. The producer is idempotent with {@code acks=all}, so
 * its retries neither lose nor duplicate a trade; while Kafka is away it retries for {@code deliveryTimeout} and the
 * stream backpressures the socket once its in-flight sends are full. After that the run fails with an error that
 * names the broker.
 */
public final class KafkaTradeSink implements TradeSink {

    /** Kafka's own default, lowered only when the delivery timeout leaves less room. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaSinkSettings settings;

    public KafkaTradeSink(KafkaSinkSettings settings) {
        this.settings = settings;
    }

    @Override
    public Sink<Trade, CompletionStage<Done>> create(ActorSystem system) {
        return Flow.<Trade>create()
                .map(trade -> new ProducerRecord<>(settings.topic(), trade.market().key(), TradeJson.encode(trade)))
                .toMat(Producer.plainSink(producerSettings(system)), Keep.right())
                .mapMaterializedValue(done -> done.handle((ok, error) -> error == null
                                ? CompletableFuture.completedStage(ok)
                                : CompletableFuture.<Done>failedStage(explain(error)))
                        .thenCompose(stage -> stage));
    }

    ProducerSettings<String, String> producerSettings(ActorSystem system) {
        Duration delivery = settings.deliveryTimeout();
        Duration request = REQUEST_TIMEOUT.compareTo(delivery.minus(settings.linger())) <= 0
                ? REQUEST_TIMEOUT : delivery.minus(settings.linger());
        ProducerSettings<String, String> producer =
                ProducerSettings.create(system, new StringSerializer(), new StringSerializer())
                        .withBootstrapServers(settings.bootstrapServers())
                        .withProperty(ProducerConfig.CLIENT_ID_CONFIG, settings.clientId())
                        .withProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
                        .withProperty(ProducerConfig.ACKS_CONFIG, "all")
                        .withProperty(ProducerConfig.LINGER_MS_CONFIG, Long.toString(settings.linger().toMillis()))
                        .withProperty(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(settings.batchSizeBytes()))
                        .withProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(delivery.toMillis()))
                        .withProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(request.toMillis()))
                        // send() blocks for metadata and buffer space; bounded like delivery, so that an absent
                        // broker fails the run after the same time.
                        .withProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(delivery.toMillis()))
                        .withCloseTimeout(delivery);
        for (var property : settings.extraProperties().entrySet()) {
            producer = producer.withProperty(property.getKey(), property.getValue());
        }
        return producer;
    }

    @Override
    public String description() {
        return "Kafka at " + settings.bootstrapServers() + ", topic " + settings.topic();
    }

    /** Kafka's timeouts become the error a person can act on; failures from upstream pass unchanged. */
    Throwable explain(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return new KafkaUnavailableException("Kafka at " + settings.bootstrapServers()
                        + " did not accept trades for " + Durations.format(settings.deliveryTimeout())
                        + " (topic " + settings.topic() + "): is it running? Start local servers with "
                        + "./cryptostream servers start", cause);
            }
        }
        if (cause instanceof KafkaException) {
            return new KafkaUnavailableException("Kafka at " + settings.bootstrapServers() + " refused trades for topic "
                    + settings.topic() + ": " + cause.getMessage(), cause);
        }
        return cause;
    }
}
