package io.cryptostream.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.RejectReason;
import io.cryptostream.domain.RejectedTradeJson;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeFormat;
import io.cryptostream.servers.KafkaTopics;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TestServers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job over a real Kafka topic of Avro records, and of both formats at once: the rows equal the independent
 * reference aggregation, and records that are no valid trade are set aside with their reason.
 */
class AvroTopicIT {

    private static final Duration WATERMARK = Duration.ofMinutes(5);
    private static final ServerEndpoints SERVERS = TestServers.shared().endpoints();
    private static final KafkaTopics TOPICS = KafkaTopics.on(SERVERS);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark();

    @Test
    void anAvroTopicGivesTheRowsOfTheReferenceAggregation(@TempDir Path checkpoint) {
        String topic = TOPICS.createUnique("avro-trades-", 2);
        List<Trade> trades = TopicTrades.trades(3_000, 11);
        TopicTrades.produceBytes(SERVERS, trades.stream().map(t -> TopicTrades.record(topic, t, TradeFormat.AVRO))
                .toList());

        CollectingWindowSink sink = run(topic, checkpoint);

        ReferenceAggregation reference = ReferenceAggregation.ofOneBatch(trades);
        assertThat(sink.directionWindows()).containsExactlyInAnyOrderElementsOf(reference.directionWindows());
        assertThat(sink.candles()).containsExactlyInAnyOrderElementsOf(reference.candles());
    }

    @Test
    void aTopicHoldingBothFormatsLosesNothing(@TempDir Path checkpoint) {
        String topic = TOPICS.createUnique("mixed-trades-", 2);
        List<Trade> trades = TopicTrades.trades(3_000, 12);
        // JSON as written before the header existed, then JSON and Avro as ingest writes them, interleaved.
        TopicTrades.produce(SERVERS, topic, trades.subList(0, 1_000));
        List<ProducerRecord<String, byte[]>> headed = new ArrayList<>();
        for (int i = 1_000; i < trades.size(); i++) {
            headed.add(TopicTrades.record(topic, trades.get(i), i % 3 == 0 ? TradeFormat.JSON : TradeFormat.AVRO));
        }
        TopicTrades.produceBytes(SERVERS, headed);

        CollectingWindowSink sink = run(topic, checkpoint);

        ReferenceAggregation reference = ReferenceAggregation.ofOneBatch(trades);
        assertThat(sink.directionWindows()).containsExactlyInAnyOrderElementsOf(reference.directionWindows());
        assertThat(sink.candles()).containsExactlyInAnyOrderElementsOf(reference.candles());
    }

    @Test
    void avroRecordsThatAreNoValidTradeAreSetAsideWithTheirReason(@TempDir Path checkpoint) throws Exception {
        String topic = TOPICS.createUnique("bad-avro-trades-", 2);
        TOPICS.create(2, RejectedTradeJson.topicOf(topic));
        List<Trade> good = TopicTrades.trades(200, 13);
        Trade sample = good.get(0);
        Market market = sample.market();
        Map<String, RejectReason> poison = new HashMap<>();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(good.stream()
                .map(t -> TopicTrades.record(topic, t, TradeFormat.AVRO)).toList());
        byte[] whole = TradeFormat.AVRO.encode(sample);
        for (byte[] bad : new byte[][]{"not avro".getBytes(StandardCharsets.UTF_8), Arrays.copyOf(whole, 9),
                TradeFormat.JSON.encode(sample)}) {
            records.add(TopicTrades.record(topic, market.key(), bad, TradeFormat.AVRO));
            poison.put(Base64.getEncoder().encodeToString(bad), RejectReason.NOT_AVRO);
        }
        Trade tooDear = Trade.of(market, TakerSide.BUY, new BigDecimal("2000000000"), BigDecimal.ONE, "x1",
                sample.eventTime(), sample.receiveTime());
        Trade fromTheFuture = Trade.of(market, TakerSide.SELL, BigDecimal.TEN, BigDecimal.ONE, "x2",
                sample.receiveTime().plusSeconds(3_600), sample.receiveTime());
        for (Map.Entry<Trade, RejectReason> invalid : Map.of(tooDear, RejectReason.PRICE_OUT_OF_RANGE,
                fromTheFuture, RejectReason.EVENT_TIME_AHEAD).entrySet()) {
            byte[] value = TradeFormat.AVRO.encode(invalid.getKey());
            records.add(TopicTrades.record(topic, market.key(), value, TradeFormat.AVRO));
            poison.put(Base64.getEncoder().encodeToString(value), invalid.getValue());
        }
        TopicTrades.produceBytes(SERVERS, records);

        CollectingWindowSink sink = run(topic, checkpoint);

        ReferenceAggregation reference = ReferenceAggregation.ofOneBatch(good);
        assertThat(sink.directionWindows()).containsExactlyInAnyOrderElementsOf(reference.directionWindows());
        List<ConsumerRecord<String, String>> deadLetters = TOPICS.readAll(RejectedTradeJson.topicOf(topic),
                poison.size(), Duration.ofSeconds(30));
        Map<String, RejectReason> setAside = new HashMap<>();
        for (ConsumerRecord<String, String> deadLetter : deadLetters) {
            JsonNode value = JSON.readTree(deadLetter.value());
            setAside.put(value.get(RejectedTradeJson.RECORD).asText(),
                    RejectReason.valueOf(value.get(RejectedTradeJson.REASON).asText()));
            assertThat(value.get(RejectedTradeJson.DETAIL).asText()).isNotBlank();
            assertThat(value.get(TradeJsonParser.CONTENT_TYPE).asText()).isEqualTo(TradeFormat.AVRO.contentType());
            assertThat(value.get("topic").asText()).isEqualTo(topic);
        }
        assertThat(setAside).isEqualTo(poison);
    }

    private static CollectingWindowSink run(String topic, Path checkpoint) {
        JobSettings settings = JobSettings.defaults()
                .withWindow(Duration.ofMinutes(1), WATERMARK)
                .withKafka(KafkaSourceSettings.defaults().withBootstrap(SERVERS.kafkaBootstrapServers(), topic))
                .withTriggerInterval(Duration.ZERO)
                .withCheckpointDir(checkpoint.toString());
        CollectingWindowSink sink = new CollectingWindowSink();
        TradeWindowJob job = TradeWindowJob.start(SPARK.session(), settings, new KafkaTradeSource(settings.kafka()),
                sink);
        try {
            job.processAllAvailable();
        } finally {
            job.stop();
        }
        return sink;
    }
}
