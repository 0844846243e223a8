package io.cryptostream.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.RejectReason;
import io.cryptostream.domain.RejectedTradeJson;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeJson;
import io.cryptostream.servers.KafkaTopics;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TestServers;
import io.cryptostream.store.Candle;
import io.cryptostream.store.CassandraSessions;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.WindowQueries;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A poison corpus mixed with good trades on a real Kafka topic, aggregated into the real Cassandra: the rows equal
 * an independent computation of the good trades alone, and the dead-letter topic holds exactly the bad records, each
 * with its reason and where it was read.
 */
class PoisonCorpusIT {

    private static final Market BTC_USD = new Market("Coinbase", "BTC", "USD");
    private static final Market ETH_USD = new Market("Kraken", "ETH", "USD");
    private static final Instant T0 = Instant.parse("2024-05-06T10:00:00Z");
    private static final Duration WATERMARK = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ServerEndpoints SERVERS = TestServers.shared().endpoints();
    private static final CassandraSettings CASSANDRA = CassandraSettings.defaults()
            .withContactPoint(SERVERS.host(), SERVERS.cassandraPort()).withKeyspace("poison_corpus_test");

    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark(JobSettings.defaults().withCassandra(CASSANDRA));
    private static final KafkaTopics TOPICS = KafkaTopics.on(SERVERS);

    /** The bad records, each with the reason it must be rejected for. */
    private static Map<String, RejectReason> poison() {
        Map<String, RejectReason> poison = new HashMap<>();
        poison.put("not json at all", RejectReason.NOT_JSON);
        poison.put("{\"exchange\":\"Coinbase\",\"base\":\"BTC\",\"quote\":\"USD\"", RejectReason.NOT_JSON);
        poison.put("{\"exchange\":\"Coinbase\",\"base\":\"BTC\"}", RejectReason.MISSING_FIELD);
        poison.put(record(BTC_USD, "BUY", "\"64000\"", "\"0\"", null, "9001", T0, T0), RejectReason.QUANTITY_ZERO);
        poison.put(record(BTC_USD, "BUY", "\"0\"", "\"1\"", null, "9002", T0, T0), RejectReason.PRICE_NOT_POSITIVE);
        poison.put(record(BTC_USD, "SELL", "\"-64000\"", "\"1\"", null, "9003", T0, T0),
                RejectReason.PRICE_NOT_POSITIVE);
        poison.put(record(BTC_USD, "SELL", "\"64000\"", "\"-1\"", null, "9004", T0, T0),
                RejectReason.QUANTITY_NEGATIVE);
        // Two of these used to overflow the window's decimal(38,18) sum and stop the job on every restart.
        poison.put(record(BTC_USD, "BUY", "\"60000000000000000000\"", "\"1\"", null, "9005", T0, T0),
                RejectReason.PRICE_OUT_OF_RANGE);
        poison.put(record(BTC_USD, "BUY", "\"60000000000000000000\"", "\"1\"", null, "9006", T0, T0),
                RejectReason.PRICE_OUT_OF_RANGE);
        poison.put(record(ETH_USD, "BUY", "\"3000\"", "\"1e30\"", null, "9007", T0, T0),
                RejectReason.QUANTITY_OUT_OF_RANGE);
        poison.put(record(BTC_USD, "SELL", "\"64000\"", "\"1.5e-18\"", null, "9008", T0, T0),
                RejectReason.QUANTITY_OUT_OF_RANGE);
        poison.put(record(BTC_USD, "BUY", "\"64000\"", "\"1\"", null, "9009", Instant.parse("2099-01-01T00:00:00Z"),
                T0), RejectReason.EVENT_TIME_AHEAD);
        poison.put(record(BTC_USD, "BUY", "\"64000\"", "\"1\"", null, "9010", Instant.parse("1999-01-01T00:00:00Z"),
                Instant.parse("1999-01-01T00:00:00Z")), RejectReason.EVENT_TIME_TOO_OLD);
        poison.put(record(BTC_USD, "BUY", "\"64000\"", "\"1\"", "\"-999999\"", "9011", T0, T0),
                RejectReason.QUOTE_VOLUME_MISMATCH);
        poison.put(record(BTC_USD, "BUY", "\"64000.0000000000000000001\"", "\"1\"", null, "9012", T0, T0),
                RejectReason.TOO_MANY_FRACTION_DIGITS);
        // Written as a JSON number: must not pass through a double on its way in.
        poison.put(record(ETH_USD, "SELL", "3000.12345678901234567891", "\"1\"", null, "9013", T0, T0),
                RejectReason.TOO_MANY_FRACTION_DIGITS);
        poison.put(record(ETH_USD, "LONG", "\"3000\"", "\"1\"", null, "9014", T0, T0), RejectReason.INVALID_SIDE);
        poison.put(record(ETH_USD, "BUY", "\"three thousand\"", "\"1\"", null, "9015", T0, T0),
                RejectReason.INVALID_NUMBER);
        return poison;
    }

    @Test
    void poisonIsSetAsideWithItsReasonsAndTheRowsEqualTheGoodTradesAlone(@TempDir Path checkpoint)
            throws Exception {
        String topic = "poison-trades";
        String deadLetterTopic = RejectedTradeJson.topicOf(topic);
        TOPICS.create(2, topic, deadLetterTopic);
        List<Trade> goodFirst = List.of(
                trade(BTC_USD, TakerSide.BUY, "0.0000000001234", "12.123456789", "1", 1),
                trade(BTC_USD, TakerSide.SELL, "64000.5", "0.25", "2", 5),
                // Their quote volumes and their sum lie far beyond decimal(38,18).
                trade(ETH_USD, TakerSide.BUY, "1000000000", "1000000000000", "3", 10),
                trade(ETH_USD, TakerSide.BUY, "999999999.999999999999999999", "999999999999.999999999999999999", "4", 11),
                trade(ETH_USD, TakerSide.SELL, "3000.000000000000000001", "0.000000000001", "5", 12));
        List<Trade> goodAfterThePoison = List.of(
                trade(BTC_USD, TakerSide.BUY, "64001", "0.5", "6", 70),
                trade(BTC_USD, TakerSide.UNKNOWN, "64002.25", "1.000000000000000001", "7", 130),
                trade(ETH_USD, TakerSide.SELL, "3001", "2", "8", 140));
        ReferenceAggregation reference = new ReferenceAggregation(Duration.ofMinutes(1), WATERMARK);
        reference.addBatch(goodFirst);
        reference.addBatch(goodAfterThePoison);
        Map<String, RejectReason> poison = poison();
        List<String> firstRecords = new ArrayList<>(goodFirst.stream().map(TradeJson::encode).toList());
        firstRecords.addAll(poison.keySet());

        JobSettings settings = JobSettings.defaults()
                .withCassandra(CASSANDRA)
                .withWindow(Duration.ofMinutes(1), WATERMARK)
                .withKafka(KafkaSourceSettings.defaults().withBootstrap(SERVERS.kafkaBootstrapServers(), topic))
                .withTriggerInterval(Duration.ZERO)
                .withCheckpointDir(checkpoint.toString());
        TradeWindowJob job = TradeWindowJob.start(SPARK.session(), settings, new KafkaTradeSource(settings.kafka()),
                CassandraWindowSink.open(CASSANDRA));
        try {
            produce(topic, firstRecords);
            job.processAllAvailable();
            produce(topic, goodAfterThePoison.stream().map(TradeJson::encode).toList());
            job.processAllAvailable();
        } finally {
            job.stop();
        }

        try (CqlSession session = CassandraSessions.open(CASSANDRA)) {
            WindowQueries queries = new WindowQueries(session, CASSANDRA);
            assertThat(queries.windowsOfHour(T0, 1000)).containsExactlyInAnyOrderElementsOf(reference.directionWindows());
            List<Candle> candles = new ArrayList<>(queries.candles(BTC_USD, T0, T0.plusSeconds(3600)));
            candles.addAll(queries.candles(ETH_USD, T0, T0.plusSeconds(3600)));
            assertThat(candles).containsExactlyInAnyOrderElementsOf(reference.candles());
            assertThat(candles).filteredOn(c -> c.market().equals(ETH_USD) && c.windowStart().equals(T0))
                    .singleElement().satisfies(c -> assertThat(c.quoteVolume())
                            .isEqualTo(new BigDecimal("1999999999999999999999.999999002000000000000000000001000001")));
        }

        List<ConsumerRecord<String, String>> deadLetters = TOPICS.readAll(deadLetterTopic, poison.size(),
                Duration.ofSeconds(30));
        Map<String, RejectReason> setAside = new HashMap<>();
        for (ConsumerRecord<String, String> deadLetter : deadLetters) {
            JsonNode value = JSON.readTree(deadLetter.value());
            setAside.put(value.get("record").asText(), RejectReason.valueOf(value.get("reason").asText()));
            assertThat(value.get("detail").asText()).isNotBlank();
            assertThat(value.get("topic").asText()).isEqualTo(topic);
            assertThat(value.has("partition") && value.has("offset")).isTrue();
        }
        assertThat(deadLetters).hasSize(poison.size());
        assertThat(setAside).isEqualTo(poison);
        assertThat(job.metrics().rejectedByReasonAndExchange().get(RejectReason.TOO_MANY_FRACTION_DIGITS))
                .isEqualTo(Map.of("Coinbase", 1L, "Kraken", 1L));
        assertThat(job.metrics().rejectedRecords()).isEqualTo(poison.size());
    }

    private static String record(Market market, String side, String price, String quantity, String quoteVolume,
                                 String tradeId, Instant eventTime, Instant receiveTime) {
        return "{\"v\":1,\"exchange\":\"" + market.exchange() + "\",\"base\":\"" + market.base() + "\",\"quote\":\""
                + market.quote() + "\",\"side\":\"" + side + "\",\"price\":" + price + ",\"quantity\":" + quantity
                + (quoteVolume == null ? "" : ",\"quoteVolume\":" + quoteVolume) + ",\"tradeId\":\"" + tradeId
                + "\",\"eventTime\":\"" + eventTime + "\",\"receiveTime\":\"" + receiveTime + "\"}";
    }

    private static Trade trade(Market market, TakerSide side, String price, String quantity, String id,
                               long secondsAfterT0) {
        Instant at = T0.plusSeconds(secondsAfterT0);
        return Trade.of(market, side, new BigDecimal(price), new BigDecimal(quantity), id, at, at);
    }

    private static void produce(String topic, List<String> values) {
        TOPICS.produce(values.stream().map(value -> new ProducerRecord<String, String>(topic, value)).toList());
    }
}
