package io.cryptostream.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Creates the bench's topics and reads how many records they hold. */
final class KafkaTopics implements AutoCloseable {

    static final int PARTITIONS = 4;

    private final String bootstrapServers;
    private final Admin admin;

    KafkaTopics(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "cryptostream-bench-admin"));
    }

    /**
     * Creates the topic with {@link #PARTITIONS} partitions, like the broker's default for the trades topic, and
     * waits until every partition's leader serves requests. An idempotent producer (kafka-clients 3.9 against this
     * 4.1 broker) that writes before that gets NOT_LEADER_OR_FOLLOWER on its first batch, and its retry of that batch
     * then fails with OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout expires it.
     */
    void create(String topic) {
        create(topic, PARTITIONS);
    }

    void create(String topic, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create topic " + topic + " at " + bootstrapServers + ": "
                        + e.getCause(), e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create topic " + topic + " at " + bootstrapServers + ": " + e, e);
        }
        awaitLeaders(topic, partitions);
    }

    private void awaitLeaders(String topic, int partitions) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(30, TimeUnit.SECONDS).get(topic);
                if (description.partitions().size() == partitions
                        && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    // The controller names a leader before the broker serves as one; ListOffsets is only answered
                    // by a serving leader.
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                            OffsetSpec.latest()));
                    admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
                    return;
                }
            } catch (ExecutionException e) {
                // Not visible in the metadata yet: ask again.
            } catch (Exception e) {
                throw new IllegalStateException("Cannot describe topic " + topic + " at " + bootstrapServers + ": " + e, e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Topic " + topic + " at " + bootstrapServers
                        + " has partitions without a leader 30 s after it was created");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for topic " + topic, e);
            }
        }
    }

    /** Records acknowledged to the topic so far: the sum of its partitions' end offsets. */
    long records(String topic) {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the end offsets of topic " + topic + " at " + bootstrapServers
                    + ": " + e, e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
