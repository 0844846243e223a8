package io.cryptostream.spark;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeFormat;
import io.cryptostream.domain.TradeJson;
import io.cryptostream.servers.KafkaTopics;
import io.cryptostream.servers.ServerEndpoints;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;

/** Trades put straight into a topic, for tests of the job alone. */
public final class TopicTrades {

    public static final List<Market> MARKETS = List.of(new Market("Kraken", "BTC", "USD"),
            new Market("Bitstamp", "BTC", "EUR"));
    public static final Instant START = Instant.parse("2026-01-05T10:00:00Z");

    private TopicTrades() {
    }

    /**
     * {@code count} trades of {@link #MARKETS}, 200 ms apart in event time from {@link #START}, a little out of
     * order (well within a 5-minute watermark); the same {@code randomSeed} gives the same trades.
     */
    public static List<Trade> trades(int count, long randomSeed) {
        Random random = new Random(randomSeed);
        long[] ids = {1_000, 5_000};
        List<Trade> trades = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int m = i % MARKETS.size();
            Instant eventTime = START.plusMillis(i * 200L + random.nextInt(15_000))
                    .plusNanos(random.nextInt(1000) * 1000L);
            BigDecimal price = BigDecimal.valueOf(20_000_00 + random.nextInt(100_000), 2);
            BigDecimal quantity = BigDecimal.valueOf(1 + random.nextInt(500_000_000), 8);
            TakerSide side = random.nextInt(10) == 0 ? TakerSide.UNKNOWN
                    : random.nextBoolean() ? TakerSide.BUY : TakerSide.SELL;
            trades.add(Trade.of(MARKETS.get(m), side, price, quantity, Long.toString(ids[m]++), eventTime, eventTime));
        }
        return trades;
    }

    /** Each trade keyed by its market, as ingest publishes it. */
    public static void produce(ServerEndpoints servers, String topic, List<Trade> trades) {
        KafkaTopics.on(servers).produce(trades.stream()
                .map(trade -> new ProducerRecord<>(topic, trade.market().key(), TradeJson.encode(trade))).toList());
    }

    /** {@code trade} keyed by its market, its value in {@code format} named by the content-type header, as ingest writes it. */
    public static ProducerRecord<String, byte[]> record(String topic, Trade trade, TradeFormat format) {
        return record(topic, trade.market().key(), format.encode(trade), format);
    }

    /** A record of any bytes that says it is in {@code format}. */
    public static ProducerRecord<String, byte[]> record(String topic, String key, byte[] value, TradeFormat format) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        record.headers().add(TradeFormat.HEADER, format.contentType().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** Sends every record with {@code acks=all} and returns once the broker has acknowledged them all. */
    public static void produceBytes(ServerEndpoints servers, List<ProducerRecord<String, byte[]>> records) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "20"),
                new StringSerializer(), new ByteArraySerializer())) {
            var sent = records.stream().map(producer::send).toList();
            producer.flush();
            for (var acknowledged : sent) {
                acknowledged.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot produce to " + servers.kafkaBootstrapServers() + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted producing to " + servers.kafkaBootstrapServers(), e);
        }
    }
}
