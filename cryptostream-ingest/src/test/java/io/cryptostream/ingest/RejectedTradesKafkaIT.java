package io.cryptostream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.RejectedTradeJson;
import io.cryptostream.domain.TradeJson;
import io.cryptostream.servers.KafkaTopics;
import io.cryptostream.servers.TestServers;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** With the Kafka sink, a venue's bad trades go to the dead-letter topic with their reason, never to the topic. */
class RejectedTradesKafkaIT {

    private static final String KEY = "sim-key-rejected";
    private static final Market COINBASE = new Market("Coinbase", "BTC", "USD");
    private static ActorSystem system;

    @BeforeAll
    static void startSystem() {
        system = ActorSystem.create("rejected-trades-test", ConfigFactory.parseString("""
                pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
                """).withFallback(ConfigFactory.load()));
    }

    @AfterAll
    static void stopSystem() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aBadTradeIsPublishedToTheDeadLetterTopicWithItsReasonAndNotToTheTopic() throws Exception {
        String bootstrap = TestServers.shared().endpoints().kafkaBootstrapServers();
        String topic = "ingest-rejected-test-" + UUID.randomUUID();
        String deadLetters = RejectedTradeJson.topicOf(topic);
        new KafkaTopics(bootstrap).create(1, topic, deadLetters);
        try (SimulatorServer sim = SimulatorServer.start(
                SimulatorConfig.builder().apiKey(KEY).tradesPerSecond(50).tradesPerMarket(1).build(), system)) {
            IngestRun run = IngestService.run(system, IngestSettings.builder().url(sim.uri()).apiKey(ApiKey.of(KEY))
                    .build(), new KafkaTradeSink(KafkaSinkSettings.of(bootstrap, topic)));
            Await.until(Duration.ofSeconds(20), () -> run.metrics().trades() == 5
                    && sim.subscribedMarkets().contains(COINBASE), () -> run.metrics().toString());

            sim.publish(COINBASE, "{\"TYPE\":\"0\",\"M\":\"Coinbase\",\"FSYM\":\"BTC\",\"TSYM\":\"USD\",\"F\":\"1\","
                    + "\"ID\":\"990001\",\"TS\":4070908800,\"Q\":\"1\",\"P\":\"64000\"}");
            Await.until(Duration.ofSeconds(20), () -> run.metrics().invalidTrades() == 1,
                    () -> run.metrics().toString());
            run.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);

            List<ConsumerRecord<String, String>> rejected = readAll(bootstrap, deadLetters, 1);
            assertThat(rejected).singleElement().satisfies(record -> {
                JsonNode value = new ObjectMapper().readTree(record.value());
                assertThat(record.key()).isEqualTo(COINBASE.key());
                assertThat(value.get("reason").asText()).isEqualTo("EVENT_TIME_AHEAD");
                assertThat(value.get("exchange").asText()).isEqualTo("Coinbase");
                assertThat(TradeJson.decode(value.get("record").asText()).tradeId()).isEqualTo("990001");
            });
            assertThat(readAll(bootstrap, topic, 5)).hasSize(5)
                    .noneSatisfy(record -> assertThat(record.value()).contains("990001"));
        }
    }

    private static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic, int expected) {
        return new KafkaTopics(bootstrap).readAll(topic, expected, Duration.ofSeconds(20));
    }
}
