package io.cryptostream.spark;

import java.util.Objects;

/**
 * Where the job reads trades in Kafka mode.
 *
 * @param bootstrapServers     default {@code 127.0.0.1:19092}
 * @param topic                default {@code trades}; values are {@link io.cryptostream.domain.TradeJson}, or
 *                             {@link io.cryptostream.domain.OrderJson} for the order-flow job
 * @param startingOffsets      where a NEW checkpoint starts ({@code earliest}, {@code latest} or Spark's JSON
 *                             per-partition form); a checkpoint that exists resumes from its own offsets. Default
 *                             {@code earliest}
 * @param maxOffsetsPerTrigger upper bound on records per micro-batch, 0 for no bound. Default 200000
 * @param failOnDataLoss       fail when offsets the checkpoint expects are gone (retention, a recreated topic)
 *                             instead of skipping them. Default true: nothing is skipped silently
 */
public record KafkaSourceSettings(String bootstrapServers, String topic, String startingOffsets,
                                  long maxOffsetsPerTrigger, boolean failOnDataLoss) {

    public KafkaSourceSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(startingOffsets, "startingOffsets");
        if (maxOffsetsPerTrigger < 0) {
            throw new IllegalArgumentException("maxOffsetsPerTrigger must be >= 0 (0 = no bound), was "
                    + maxOffsetsPerTrigger);
        }
    }

    public static KafkaSourceSettings defaults() {
        return new KafkaSourceSettings("127.0.0.1:19092", "trades", "earliest", 200_000, true);
    }

    public KafkaSourceSettings withBootstrap(String newBootstrapServers, String newTopic) {
        return new KafkaSourceSettings(newBootstrapServers, newTopic, startingOffsets, maxOffsetsPerTrigger,
                failOnDataLoss);
    }
}
