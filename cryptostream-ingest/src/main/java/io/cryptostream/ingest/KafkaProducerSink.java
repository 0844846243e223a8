package io.cryptostream.ingest;

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
import java.util.function.Function;

/**
 * Produces records of one kind (trades, orders) to one topic with an idempotent {@code acks=all} producer, so that its
 * retries neither lose nor duplicate a record; while Kafka is away it retries for {@code deliveryTimeout} and the
 * stream backpressures once its in-flight sends are full. After that the run fails with an error naming the broker.
 */
final class KafkaProducerSink<T> {

    /** Kafka's own default, lowered only when the delivery timeout leaves less room. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaSinkSettings settings;
    /** What the records are, plural, for error messages: "trades". */
    private final String records;
    /** Two producers of one process need distinct client ids (Kafka registers one JMX bean per id). */
    private final String clientId;
    private final Function<T, String> key;
    private final Function<T, String> value;

    KafkaProducerSink(KafkaSinkSettings settings, String records, String clientId, Function<T, String> key,
                      Function<T, String> value) {
        this.settings = settings;
        this.records = records;
        this.clientId = clientId;
        this.key = key;
        this.value = value;
    }

    Sink<T, CompletionStage<Done>> create(ActorSystem system) {
        return Flow.<T>create()
                .map(element -> new ProducerRecord<>(settings.topic(), key.apply(element), value.apply(element)))
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
                        .withProperty(ProducerConfig.CLIENT_ID_CONFIG, clientId)
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

    String description() {
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
                        + " did not accept " + records + " for " + Durations.format(settings.deliveryTimeout())
                        + " (topic " + settings.topic() + "): is it running? Start local servers with "
                        + "./cryptostream servers start", cause);
            }
        }
        if (cause instanceof KafkaException) {
            return new KafkaUnavailableException("Kafka at " + settings.bootstrapServers() + " refused " + records
                    + " for topic " + settings.topic() + ": " + cause.getMessage(), cause);
        }
        return cause;
    }
}
