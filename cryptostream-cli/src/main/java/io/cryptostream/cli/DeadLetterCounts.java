package io.cryptostream.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptostream.domain.RejectedTradeJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The records set aside in a topic's dead-letter topic ({@link RejectedTradeJson#topicOf}), counted by the reason
 * each carries (the {@code reason} field of its {@link RejectedTradeJson}, or a {@code reason} header).
 */
final class DeadLetterCounts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private DeadLetterCounts() {
    }

    /** Records by reason, every record read from the beginning; empty when the dead-letter topic does not exist. */
    static Optional<Map<String, Long>> byReason(String bootstrapServers, Map<String, String> clientProperties,
                                                String topic) {
        String deadLetters = RejectedTradeJson.topicOf(topic);
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            Map<String, List<PartitionInfo>> topics = consumer.listTopics(READ_TIMEOUT);
            if (!topics.containsKey(deadLetters)) {
                return Optional.empty();
            }
            List<TopicPartition> partitions = topics.get(deadLetters).stream()
                    .map(p -> new TopicPartition(deadLetters, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            Map<String, Long> counts = new TreeMap<>();
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka at " + bootstrapServers + " did not hand over the "
                            + deadLetters + " topic within " + READ_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    counts.merge(reason(record), 1L, Long::sum);
                }
            }
            return Optional.of(counts);
        }
    }

    private static String reason(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(RejectedTradeJson.REASON);
        if (header != null) {
            return new String(header.value(), StandardCharsets.UTF_8);
        }
        try {
            JsonNode value = JSON.readTree(record.value());
            if (value != null && value.hasNonNull(RejectedTradeJson.REASON)) {
                return value.get(RejectedTradeJson.REASON).asText();
            }
        } catch (JsonProcessingException e) {
            // Not JSON: the reason is unknown, the record still counts.
        }
        return "unspecified";
    }
}
