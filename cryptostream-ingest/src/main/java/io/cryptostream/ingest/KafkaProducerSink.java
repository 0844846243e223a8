package io.cryptostream.ingest;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Sink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Produces records of one kind (trades, orders) to one topic with an idempotent {@code acks=all} producer, so that its
 * retries neither lose nor duplicate a record; records are sent as they come, acknowledgements awaited only beyond a
 * bound ({@link SpoolingProducer}). While Kafka is away it retries for {@code deliveryTimeout}
 * with the stream backpressured; after that the records go to a spool file ({@link SpoolingProducer}), drained in
 * order when Kafka is back, and the run goes on until the spool is full.
 */
final class KafkaProducerSink<T> {

    /** Kafka's own default, lowered only when the delivery timeout leaves less room. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Kafka's own delivery timeout is longer than the sink's, so that the sink, not Kafka, gives up first: it aborts
     * the whole producer, and no record can then land behind one that failed.
     */
    private static final Duration KAFKA_DELIVERY_MARGIN = Duration.ofSeconds(30);
    private static final int MAX_BATCH = 2_000;
    private static final Duration MAX_WAIT = Duration.ofMillis(10);
    /** While no records arrive, how often the sink checks that those sent are acknowledged in time. */
    private static final Duration IDLE_CHECK = Duration.ofMillis(200);

    private final KafkaSinkSettings settings;
    /** What the records are, plural, for error messages: "trades". */
    private final String records;
    /** Two producers of one process need distinct client ids (Kafka registers one JMX bean per id). */
    private final String clientId;
    private final Function<T, SpoolRecord> record;
    private final Optional<RecordIdentity> identity;
    private final TopicTail tail;
    private final AtomicReference<SpoolingProducer> running = new AtomicReference<>();

    /**
     * @param record   the Kafka record of an element: key, value and the format it names, if any
     * @param identity what makes a record one the topic holds already; empty: every record is sent
     */
    KafkaProducerSink(KafkaSinkSettings settings, String records, String clientId, Function<T, SpoolRecord> record,
                      Optional<RecordIdentity> identity) {
        this.settings = settings;
        this.records = records;
        this.clientId = clientId;
        this.record = record;
        this.identity = identity;
        this.tail = new TopicTail(settings, clientId);
    }

    /**
     * A sink for one run; a spool left by an earlier run is sent first.
     *
     * @throws IngestException if the spool cannot be opened (e.g. another process uses it)
     */
    Sink<T, CompletionStage<Done>> create() {
        Spool spool = Spool.open(settings.spoolFile(), settings.spoolMaxBytes());
        SpoolingProducer delivery = new SpoolingProducer(settings, records,
                () -> new KafkaProducer<>(producerProperties(), new StringSerializer(), new ByteArraySerializer()),
                spool, tail, identity);
        running.set(delivery);
        BatchingSink<T> batches = new BatchingSink<>(batch -> delivery.deliver(records(batch)), MAX_BATCH, MAX_WAIT,
                Optional.of(IDLE_CHECK));
        return batches.create().mapMaterializedValue(done -> done
                .handle((ok, error) -> CompletableFuture.supplyAsync(() -> {
                    delivery.finish(error == null ? settings.deliveryTimeout() : Duration.ZERO);
                    return ok;
                }, task -> new Thread(task, "kafka-sink-finish-" + settings.topic()).start()).thenCompose(finished ->
                        error == null ? CompletableFuture.completedStage(finished)
                                : CompletableFuture.<Done>failedStage(error)))
                .thenCompose(stage -> stage));
    }

    /** The topic's last records. */
    TopicTail tail() {
        return tail;
    }

    /** The spool of the latest run, if one was created. */
    Optional<SpoolStats> spool() {
        return Optional.ofNullable(running.get()).map(SpoolingProducer::stats);
    }

    /** The deliveries of the latest run, if one was created. */
    Optional<DeliveryStats> delivery() {
        return Optional.ofNullable(running.get()).map(SpoolingProducer::delivery);
    }

    Map<String, Object> producerProperties() {
        Duration delivery = settings.deliveryTimeout();
        Duration request = REQUEST_TIMEOUT.compareTo(delivery.minus(settings.linger())) <= 0
                ? REQUEST_TIMEOUT : delivery.minus(settings.linger());
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(settings.linger().toMillis()));
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(settings.batchSizeBytes()));
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                Long.toString(delivery.plus(KAFKA_DELIVERY_MARGIN).toMillis()));
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(request.toMillis()));
        // send() blocks for metadata and buffer space; bounded like delivery, so that an absent broker is noticed
        // after the same time.
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(delivery.toMillis()));
        properties.putAll(settings.extraProperties());
        // Whatever the extra properties say: the spool's exactly-once-in-order promise rests on these two.
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return properties;
    }

    String description() {
        return "Kafka at " + settings.bootstrapServers() + ", topic " + settings.topic() + " (spool "
                + settings.spoolFile().toAbsolutePath() + ")";
    }

    private List<ProducerRecord<String, byte[]>> records(List<T> batch) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(batch.size());
        for (T element : batch) {
            records.add(record.apply(element).toProducerRecord(settings.topic()));
        }
        return records;
    }
}
