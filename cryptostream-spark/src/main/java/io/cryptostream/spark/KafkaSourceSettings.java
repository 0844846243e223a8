package io.cryptostream.spark;

import io.cryptostream.domain.SensitiveProperties;

import java.util.LinkedHashMap;
import java.util.Map;
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
 * @param clientProperties     Kafka consumer properties passed through (SASL, TLS), e.g. {@code security.protocol};
 *                             given to Spark as {@code kafka.}-prefixed options. Secret values print masked
 */
public record KafkaSourceSettings(String bootstrapServers, String topic, String startingOffsets,
                                  long maxOffsetsPerTrigger, boolean failOnDataLoss,
                                  Map<String, String> clientProperties) {

    public KafkaSourceSettings(String bootstrapServers, String topic, String startingOffsets,
                               long maxOffsetsPerTrigger, boolean failOnDataLoss) {
        this(bootstrapServers, topic, startingOffsets, maxOffsetsPerTrigger, failOnDataLoss, Map.of());
    }

    public KafkaSourceSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(startingOffsets, "startingOffsets");
        if (maxOffsetsPerTrigger < 0) {
            throw new IllegalArgumentException("maxOffsetsPerTrigger must be >= 0 (0 = no bound), was "
                    + maxOffsetsPerTrigger);
        }
        clientProperties = Map.copyOf(clientProperties);
    }

    public static KafkaSourceSettings defaults() {
        return new KafkaSourceSettings("127.0.0.1:19092", "trades", "earliest", 200_000, true);
    }

    public KafkaSourceSettings withBootstrap(String newBootstrapServers, String newTopic) {
        return new KafkaSourceSettings(newBootstrapServers, newTopic, startingOffsets, maxOffsetsPerTrigger,
                failOnDataLoss, clientProperties);
    }

    public KafkaSourceSettings withClientProperties(Map<String, String> properties) {
        return new KafkaSourceSettings(bootstrapServers, topic, startingOffsets, maxOffsetsPerTrigger, failOnDataLoss,
                properties);
    }

    /** The options of Spark's Kafka source: the client properties as {@code kafka.<name>}, then the job's own. */
    public Map<String, String> readerOptions() {
        Map<String, String> options = clientOptions();
        options.put("subscribe", topic);
        options.put("startingOffsets", startingOffsets);
        options.put("failOnDataLoss", Boolean.toString(failOnDataLoss));
        if (maxOffsetsPerTrigger > 0) {
            options.put("maxOffsetsPerTrigger", Long.toString(maxOffsetsPerTrigger));
        }
        return options;
    }

    /** The Kafka client's settings as Spark's {@code kafka.}-prefixed options, for its Kafka reader and writer alike. */
    public Map<String, String> clientOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        clientProperties.forEach((name, value) -> options.put("kafka." + name, value));
        options.put("kafka.bootstrap.servers", bootstrapServers);
        return options;
    }

    @Override
    public String toString() {
        return "KafkaSourceSettings[bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", startingOffsets="
                + startingOffsets + ", maxOffsetsPerTrigger=" + maxOffsetsPerTrigger + ", failOnDataLoss="
                + failOnDataLoss + ", clientProperties=" + SensitiveProperties.masked(clientProperties) + "]";
    }
}
