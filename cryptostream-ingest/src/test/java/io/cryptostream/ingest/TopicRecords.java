package io.cryptostream.ingest;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/** A topic read from its beginning by a plain consumer, as a downstream reader sees it: committed records only. */
final class TopicRecords {

    private static final Duration POLL = Duration.ofMillis(200);

    private TopicRecords() {
    }

    /**
     * Waits up to {@code within} for {@code expected} records, then reads on for {@code more}: anything beyond the
     * expected count would be a record published twice or to the wrong topic.
     */
    static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic, int partitions, int expected,
                                                        Duration within, Duration more) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> assigned = IntStream.range(0, partitions)
                    .mapToObj(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            await().atMost(within).pollInterval(Duration.ofMillis(1)).until(() -> {
                consumer.poll(POLL).forEach(records::add);
                return records.size() >= expected;
            });
            consumer.poll(more).forEach(records::add);
        }
        return records;
    }
}
