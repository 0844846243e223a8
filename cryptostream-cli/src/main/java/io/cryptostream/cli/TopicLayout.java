package io.cryptostream.cli;

import java.util.Optional;

import org.apache.kafka.clients.admin.NewTopic;

/**
 * Partitions and replicas of the topics cryptostream creates ({@code kafka.topic-partitions},
 * {@code kafka.topic-replication}); each left empty takes the broker's default ({@code num.partitions},
 * {@code default.replication.factor}).
 */
record TopicLayout(Optional<Integer> partitions, Optional<Short> replicationFactor) {

    static final TopicLayout BROKER_DEFAULTS = new TopicLayout(Optional.empty(), Optional.empty());

    static TopicLayout of(CryptostreamConfig config) {
        int partitions = config.integer("kafka.topic-partitions");
        int replication = config.integer("kafka.topic-replication");
        if (partitions < 0) {
            throw config.invalid("kafka.topic-partitions", "must be 0 (the broker's default) or more, was "
                    + partitions);
        }
        if (replication < 0 || replication > Short.MAX_VALUE) {
            throw config.invalid("kafka.topic-replication", "must be 0 (the broker's default) or a replica count, was "
                    + replication);
        }
        return new TopicLayout(partitions == 0 ? Optional.empty() : Optional.of(partitions),
                replication == 0 ? Optional.empty() : Optional.of((short) replication));
    }

    NewTopic newTopic(String name) {
        return new NewTopic(name, partitions, replicationFactor);
    }
}
