package io.cryptostream.ingest;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last records of each partition of a topic, read with a plain consumer (no group, no commits): what the topic
 * already holds, so that ingest does not publish it again.
 */
final class TopicTail {

    /** Reading a tail waits for Kafka this long at most (less when the delivery timeout is shorter). */
    private static final Duration MAX_WAIT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaSinkSettings settings;
    private final String clientId;

    TopicTail(KafkaSinkSettings settings, String clientId) {
        this.settings = settings;
        this.clientId = clientId;
    }

    /**
     * Up to {@code perPartition} last records of each partition, in offset order per partition; none when the topic
     * does not exist.
     *
     * @throws org.apache.kafka.common.KafkaException when Kafka does not answer in time
     */
    List<ConsumerRecord<String, byte[]>> read(int perPartition) {
        Duration wait = settings.deliveryTimeout().compareTo(MAX_WAIT) < 0 ? settings.deliveryTimeout() : MAX_WAIT;
        long deadline = System.nanoTime() + wait.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(settings.topic(), wait);
            if (infos == null || infos.isEmpty()) {
                return List.of();
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, wait);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, wait);
            Map<TopicPartition, Long> starts = new HashMap<>();
            ends.forEach((partition, end) -> {
                long start = Math.max(begins.getOrDefault(partition, 0L), end - perPartition);
                if (start < end) {
                    starts.put(partition, start);
                }
            });
            if (starts.isEmpty()) {
                return List.of();
            }
            consumer.assign(starts.keySet());
            starts.forEach(consumer::seek);
            List<ConsumerRecord<String, byte[]>> tail = new ArrayList<>();
            while (starts.keySet().stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("reading the last " + perPartition + " records of each partition of "
                            + settings.topic() + " took over " + Durations.format(wait));
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        tail.add(record);
                    }
                }
            }
            return tail;
        }
    }

    /** The producer's connection properties that a consumer knows (SASL, TLS), and a plain read of what is there. */
    private Map<String, Object> consumerProperties() {
        Map<String, Object> properties = new HashMap<>();
        settings.extraProperties().forEach((key, value) -> {
            if (ConsumerConfig.configNames().contains(key)) {
                properties.put(key, value);
            }
        });
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-tail");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        return properties;
    }
}
