package io.cryptostream.ingest;

import io.cryptostream.domain.SensitiveProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how the Kafka sink produces.
 *
 * @param bootstrapServers  host:port[,host:port…]
 * @param topic             the topic: trades ({@link #DEFAULT_TOPIC}) or orders ({@link #DEFAULT_ORDERS_TOPIC})
 * @param deliveryTimeout   how long the producer retries a trade (and waits for metadata) before it goes to the spool
 * @param linger            how long the producer waits to fill a batch
 * @param batchSizeBytes    the producer's batch size per partition
 * @param clientId          the producer's client.id
 * @param extraProperties   further producer properties (e.g. SASL/TLS); they override the ones above, except
 *                          idempotence and {@code acks=all}
 * @param spoolDir          where records Kafka did not take in time wait, one file per topic
 * @param spoolMaxBytes     the bound of each spool file; when Kafka stays away until it is full, the run ends
 */
public record KafkaSinkSettings(
        String bootstrapServers,
        String topic,
        Duration deliveryTimeout,
        Duration linger,
        int batchSizeBytes,
        String clientId,
        Map<String, String> extraProperties,
        Path spoolDir,
        long spoolMaxBytes) {

    public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:19092";
    public static final String DEFAULT_TOPIC = "trades";
    public static final String DEFAULT_ORDERS_TOPIC = "orders";
    public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(20);
    public static final int DEFAULT_BATCH_SIZE_BYTES = 64 * 1024;
    public static final String DEFAULT_CLIENT_ID = "cryptostream-ingest";
    /** The CLI's default work dir, var, holds the spool too. */
    public static final Path DEFAULT_SPOOL_DIR = Path.of("var", "spool");
    /** About 4 million trades of ~250 bytes: hours of a busy venue. */
    public static final long DEFAULT_SPOOL_MAX_BYTES = 1024L * 1024 * 1024;

    public KafkaSinkSettings {
        requireText(bootstrapServers, "bootstrapServers");
        requireText(topic, "topic");
        Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
        Objects.requireNonNull(linger, "linger");
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger must not be negative, was " + linger);
        }
        if (deliveryTimeout.compareTo(linger.plusSeconds(1)) < 0) {
            throw new IllegalArgumentException("deliveryTimeout " + deliveryTimeout + " must exceed linger " + linger
                    + " by at least 1 s");
        }
        if (batchSizeBytes < 1) {
            throw new IllegalArgumentException("batchSizeBytes must be positive, was " + batchSizeBytes);
        }
        requireText(clientId, "clientId");
        extraProperties = Map.copyOf(extraProperties);
        Objects.requireNonNull(spoolDir, "spoolDir");
        if (spoolMaxBytes < 1) {
            throw new IllegalArgumentException("spoolMaxBytes must be positive, was " + spoolMaxBytes);
        }
    }

    public static KafkaSinkSettings defaults() {
        return of(DEFAULT_BOOTSTRAP_SERVERS, DEFAULT_TOPIC);
    }

    /** The defaults, for the orders topic. */
    public static KafkaSinkSettings ordersDefaults() {
        return of(DEFAULT_BOOTSTRAP_SERVERS, DEFAULT_ORDERS_TOPIC);
    }

    public static KafkaSinkSettings of(String bootstrapServers, String topic) {
        return new KafkaSinkSettings(bootstrapServers, topic, DEFAULT_DELIVERY_TIMEOUT, DEFAULT_LINGER,
                DEFAULT_BATCH_SIZE_BYTES, DEFAULT_CLIENT_ID, Map.of(), DEFAULT_SPOOL_DIR, DEFAULT_SPOOL_MAX_BYTES);
    }

    /** The same producer settings for another topic, e.g. the orders topic next to the trades topic. */
    public KafkaSinkSettings withTopic(String topic) {
        return new KafkaSinkSettings(bootstrapServers, topic, deliveryTimeout, linger, batchSizeBytes, clientId,
                extraProperties, spoolDir, spoolMaxBytes);
    }

    public KafkaSinkSettings withBootstrapServers(String bootstrapServers) {
        return new KafkaSinkSettings(bootstrapServers, topic, deliveryTimeout, linger, batchSizeBytes, clientId,
                extraProperties, spoolDir, spoolMaxBytes);
    }

    public KafkaSinkSettings withDeliveryTimeout(Duration deliveryTimeout) {
        return new KafkaSinkSettings(bootstrapServers, topic, deliveryTimeout, linger, batchSizeBytes, clientId,
                extraProperties, spoolDir, spoolMaxBytes);
    }

    public KafkaSinkSettings withLinger(Duration linger) {
        return new KafkaSinkSettings(bootstrapServers, topic, deliveryTimeout, linger, batchSizeBytes, clientId,
                extraProperties, spoolDir, spoolMaxBytes);
    }

    public KafkaSinkSettings withExtraProperties(Map<String, String> extraProperties) {
        return new KafkaSinkSettings(bootstrapServers, topic, deliveryTimeout, linger, batchSizeBytes, clientId,
                extraProperties, spoolDir, spoolMaxBytes);
    }

    /** The spool in {@code dir}, bounded to {@code maxBytes} per topic. */
    public KafkaSinkSettings withSpool(Path dir, long maxBytes) {
        return new KafkaSinkSettings(bootstrapServers, topic, deliveryTimeout, linger, batchSizeBytes, clientId,
                extraProperties, dir, maxBytes);
    }

    /** This topic's spool file: {@code <spoolDir>/<topic>.spool}. */
    public Path spoolFile() {
        return spoolDir.resolve(topic + ".spool");
    }

    /** Secret producer properties (SASL, TLS passwords) print masked. */
    @Override
    public String toString() {
        return "KafkaSinkSettings[bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", deliveryTimeout="
                + deliveryTimeout + ", linger=" + linger + ", batchSizeBytes=" + batchSizeBytes + ", clientId="
                + clientId + ", extraProperties=" + SensitiveProperties.masked(extraProperties) + ", spoolDir="
                + spoolDir + ", spoolMaxBytes=" + spoolMaxBytes + "]";
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
