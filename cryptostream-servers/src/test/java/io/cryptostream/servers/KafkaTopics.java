package io.cryptostream.servers;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Topics of string records on a test broker such as {@link TestServers#shared()}: created, filled and read back
 * whole, the way tests check what a component wrote.
 */
public final class KafkaTopics {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    /** After the expected records: anything more arriving meanwhile would be a duplicate or a stray. */
    private static final Duration SETTLE = Duration.ofSeconds(1);

    private final String bootstrapServers;

    public KafkaTopics(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public static KafkaTopics on(ServerEndpoints servers) {
        return new KafkaTopics(servers.kafkaBootstrapServers());
    }

    /** Creates a topic named {@code prefix} and a random suffix, so tests sharing the broker never meet. */
    public String createUnique(String prefix, int partitions) {
        String topic = prefix + UUID.randomUUID();
        create(partitions, topic);
        return topic;
    }

    public void create(int partitions, String... topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(topics).stream().map(topic -> new NewTopic(topic, partitions, (short) 1))
                    .toList()).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create " + List.of(topics) + " on " + bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted creating " + List.of(topics), e);
        }
    }

    /** Sends every record with {@code acks=all} and returns once the broker has acknowledged them all. */
    public void produce(List<ProducerRecord<String, String>> records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ProducerRecord<String, String> record : records) {
                sent.add(producer.send(record));
            }
            producer.flush();
            for (Future<RecordMetadata> acknowledged : sent) {
                acknowledged.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot produce to " + bootstrapServers + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted producing to " + bootstrapServers, e);
        }
    }

    /**
     * Every committed record of {@code topic} from the beginning: reads until {@code expected} records arrived or
     * {@code within} passed, then a moment longer so that extra records show. Returns what it read either way, for
     * the caller's assertion to show the difference.
     */
    public List<ConsumerRecord<String, String>> readAll(String topic, int expected, Duration within) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            try {
                await().atMost(within).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).pollInSameThread()
                        .until(() -> {
                            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                            return records.size() >= expected;
                        });
            } catch (ConditionTimeoutException fewer) {
                return records;
            }
            consumer.poll(SETTLE).forEach(records::add);
        }
        return records;
    }

    /** Records in {@code topic}, by its end offsets. */
    public long count(String topic) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            return consumer.endOffsets(partitions(consumer, topic)).values().stream().mapToLong(Long::longValue)
                    .sum();
        }
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, String topic) {
        return consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }
}
