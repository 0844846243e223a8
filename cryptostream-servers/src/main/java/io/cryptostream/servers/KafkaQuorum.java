package io.cryptostream.servers;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.Uuid;

/**
 * The KRaft brokers of one Kafka cluster on {@link LocalServers#HOST}, each a combined broker and controller: node
 * {@code i + 1} has the controller port {@code controllerPorts.get(i)}. Every broker's storage is formatted with the
 * one {@code clusterId}, or the brokers refuse each other.
 */
record KafkaQuorum(String clusterId, List<Integer> controllerPorts) {

    KafkaQuorum {
        controllerPorts = List.copyOf(controllerPorts);
    }

    /** A quorum of one; its cluster id is fresh, used only when its storage is formatted the first time. */
    static KafkaQuorum single(int controllerPort) {
        return new KafkaQuorum(Uuid.randomUuid().toString(), List.of(controllerPort));
    }

    int size() {
        return controllerPorts.size();
    }

    /** {@code controller.quorum.voters}: {@code 1@127.0.0.1:39093,2@127.0.0.1:39193,...}. */
    String voters() {
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < controllerPorts.size(); i++) {
            voters.add((i + 1) + "@" + LocalServers.HOST + ":" + controllerPorts.get(i));
        }
        return String.join(",", voters);
    }

    /** Replicas of Kafka's internal topics: one per broker. */
    int replicationFactor() {
        return size();
    }

    /** With three brokers, two in sync: an {@code acks=all} write survives the loss of any one broker. */
    int minInSyncReplicas() {
        return Math.min(2, size());
    }
}
