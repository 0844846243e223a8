package io.cryptostream.bench;

import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine's limit for stage 3: one thread with a plain Kafka consumer doing what the Spark job does (decode
 * the topic's format, drop late trades behind a 5-minute watermark one by one, per-window per-side
 * count/sums/high/low and first/last trade) in hash maps.
 */
final class PlainConsumerAggregation {

    /** The outcome: trades read, windows (market × minute) built, wall time. */
    record Run(long trades, long windows, long lateDropped, double seconds) {
        double tradesPerSecond() {
            return trades / seconds;
        }
    }

    private static final long RECORDS_PER_PARTITION_PER_BATCH = 20_000;

    private static final Comparator<Trade> TRADE_ORDER = Comparator.comparing(Trade::eventTime)
            .thenComparingInt(t -> t.tradeId().length()).thenComparing(Trade::tradeId).thenComparing(Trade::price);

    private PlainConsumerAggregation() {
    }

    static Run run(String bootstrapServers, String topic, TopicFormat format, long expected, Duration window,
                   Duration watermark) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "cryptostream-bench-plain-consumer",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000",
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(32 * 1024 * 1024),
                // Small fetches keep what a poll brings past a batch quota small.
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(1024 * 1024));
        Map<String, Window> windows = new HashMap<>();
        long windowMillis = window.toMillis();
        long delayMillis = watermark.toMillis();
        long maxEventMillis = Long.MIN_VALUE;
        long trades = 0;
        long late = 0;
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(120 + expected / 20_000).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> read = new HashMap<>();
            while (trades < expected) {
                // A batch reads about the same number of records from every partition, as Spark's micro-batches do,
                // so no partition runs ahead in event time and leaves the others behind the watermark.
                long watermarkMillis = maxEventMillis == Long.MIN_VALUE ? Long.MIN_VALUE : maxEventMillis - delayMillis;
                long batchMaxEventMillis = maxEventMillis;
                Map<TopicPartition, Long> quota = new HashMap<>();
                for (TopicPartition partition : partitions) {
                    quota.put(partition, read.getOrDefault(partition, 0L) + RECORDS_PER_PARTITION_PER_BATCH);
                }
                consumer.resume(partitions);
                while (true) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("The plain consumer read " + trades + " of " + expected
                                + " records of topic " + topic + " before its deadline");
                    }
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                        read.merge(partition, 1L, Long::sum);
                        trades++;
                        Trade trade = format.decode(record.value());
                        long eventMillis = trade.eventTime().toEpochMilli();
                        if (eventMillis < watermarkMillis) {
                            late++;
                            continue;
                        }
                        batchMaxEventMillis = Math.max(batchMaxEventMillis, eventMillis);
                        long windowStart = Math.floorDiv(eventMillis, windowMillis) * windowMillis;
                        windows.computeIfAbsent(trade.exchange() + '|' + trade.base() + '|' + trade.quote() + '|'
                                + windowStart, key -> new Window()).add(trade);
                    }
                    List<TopicPartition> done = partitions.stream()
                            .filter(p -> read.getOrDefault(p, 0L) >= Math.min(quota.get(p), ends.get(p))).toList();
                    consumer.pause(done);
                    if (done.size() == partitions.size() || trades >= expected) {
                        break;
                    }
                }
                maxEventMillis = batchMaxEventMillis;
            }
        }
        return new Run(trades, windows.size(), late, (System.nanoTime() - start) / 1e9);
    }

    /** One market-minute: per taker side the job's sums, counts, extremes and first/last trade. */
    private static final class Window {
        private final Side[] sides = new Side[TakerSide.values().length];
        private Trade first;
        private Trade last;

        void add(Trade trade) {
            Side side = sides[trade.side().ordinal()];
            if (side == null) {
                side = new Side();
                sides[trade.side().ordinal()] = side;
            }
            side.add(trade);
            if (first == null || TRADE_ORDER.compare(trade, first) < 0) {
                first = trade;
            }
            if (last == null || TRADE_ORDER.compare(trade, last) > 0) {
                last = trade;
            }
        }
    }

    private static final class Side {
        private long trades;
        private BigDecimal priceSum = BigDecimal.ZERO;
        private BigDecimal quantity = BigDecimal.ZERO;
        private BigDecimal quoteVolume = BigDecimal.ZERO;
        private BigDecimal high;
        private BigDecimal low;
        private Trade first;
        private Trade last;

        void add(Trade trade) {
            trades++;
            priceSum = priceSum.add(trade.price());
            quantity = quantity.add(trade.quantity());
            quoteVolume = quoteVolume.add(trade.quoteVolume());
            high = high == null ? trade.price() : high.max(trade.price());
            low = low == null ? trade.price() : low.min(trade.price());
            if (first == null || TRADE_ORDER.compare(trade, first) < 0) {
                first = trade;
            }
            if (last == null || TRADE_ORDER.compare(trade, last) > 0) {
                last = trade;
            }
        }
    }
}
