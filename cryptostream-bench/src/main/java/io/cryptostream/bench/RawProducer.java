package io.cryptostream.bench;

import io.cryptostream.domain.Trade;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import java.util.function.LongToIntFunction;

/**
 * A plain kafka-clients producer with ingest's delivery guarantees (idempotent, {@code acks=all}): the fastest this
 * machine's broker takes the same records, and the tool that preloads topics.
 */
final class RawProducer {

    private RawProducer() {
    }

    /** Records acknowledged before the rate is measured: the JIT and the producer's buffers warm up meanwhile. */
    static final double RAMP_SHARE = 0.2;

    /**
     * The outcome of one run: records sent and acknowledged, payload bytes, wall time, and the rate after the first
     * {@link #RAMP_SHARE} of the records were acknowledged.
     */
    record Run(long records, long valueBytes, double seconds, double recordsPerSecond) {
    }

    /** Ingest's records: JSON values, partitioned by Kafka's key hash. */
    static Run produce(String bootstrapServers, String topic, long count, ProducerVariant variant,
                       LongFunction<Trade> trades, Progress progress) {
        return produce(bootstrapServers, topic, count, variant, TopicFormat.JSON, trades, null, progress);
    }

    /**
     * @param format    the values' format, unless the variant asks for the compact binary codec
     * @param partition the partition of trade {@code i}, or null for Kafka's key hash (what ingest does)
     */
    static Run produce(String bootstrapServers, String topic, long count, ProducerVariant variant, TopicFormat format,
                       LongFunction<Trade> trades, LongToIntFunction partition, Progress progress) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "cryptostream-bench-" + topic,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, Long.toString(variant.lingerMs()),
                ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(variant.batchBytes()),
                ProducerConfig.COMPRESSION_TYPE_CONFIG, variant.compression(),
                // A stuck run fails in 30 s instead of ingest's 120 s: the bench goes on with the next variant.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong rampEndNanos = new AtomicLong();
        long rampRecords = Math.max(1, (long) (count * RAMP_SHARE));
        long valueBytes = 0;
        long start = System.nanoTime();
        long reportEvery = Math.max(count / 4, 1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long i = 0; i < count; i++) {
                Trade trade = trades.apply(i);
                byte[] value = variant.binary() ? CompactTradeCodec.encode(trade) : format.encode(trade);
                valueBytes += value.length;
                byte[] key = trade.market().key().getBytes(StandardCharsets.UTF_8);
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic,
                        partition == null ? null : partition.applyAsInt(i), key, value);
                producer.send(variant.binary() ? record : format.named(record),
                        (metadata, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            } else if (acknowledged.incrementAndGet() == rampRecords) {
                                rampEndNanos.set(System.nanoTime());
                            }
                        });
                if (failure.get() != null) {
                    break;
                }
                if (progress != null && i > 0 && i % reportEvery == 0) {
                    progress.line("%s: %,d of %,d records sent", topic, i, count);
                }
            }
            producer.flush();
        }
        long end = System.nanoTime();
        double seconds = (end - start) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("Producing to topic " + topic + " at " + bootstrapServers + " failed after "
                    + acknowledged.get() + " records: " + failure.get(), failure.get());
        }
        long acked = acknowledged.get();
        double sustained = rampEndNanos.get() == 0 || end == rampEndNanos.get() ? acked / seconds
                : (acked - rampRecords) / ((end - rampEndNanos.get()) / 1e9);
        return new Run(acked, valueBytes, seconds, sustained);
    }
}
