package io.cryptostream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.RejectedTradeJson;
import io.cryptostream.domain.TradeJson;
import io.cryptostream.servers.TestServers;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With the Kafka sink, a venue's bad trades go to the dead-letter topic with their reason, never to the topic. */
@ExtendWith(Testbed.Extension.class)
class RejectedTradesKafkaIT {

    private static final String KEY = "sim-key-rejected";
    private static final Market COINBASE = new Market("Coinbase", "BTC", "USD");

    @Test
    void aBadTradeIsPublishedToTheDeadLetterTopicWithItsReasonAndNotToTheTopic(ActorSystem system) throws Exception {
        String bootstrap = TestServers.shared().endpoints().kafkaBootstrapServers();
        String topic = "ingest-rejected-test-" + UUID.randomUUID();
        String deadLetters = RejectedTradeJson.topicOf(topic);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1), new NewTopic(deadLetters, 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        try (SimulatorServer sim = SimulatorServer.start(
                SimulatorConfig.builder().apiKey(KEY).tradesPerSecond(50).tradesPerMarket(1).build(), system)) {
            IngestRun run = IngestService.run(system, IngestSettings.builder().url(sim.uri()).apiKey(ApiKey.of(KEY))
                    .build(), new KafkaTradeSink(KafkaSinkSettings.of(bootstrap, topic)));
            await().atMost(Duration.ofSeconds(20)).until(() -> run.metrics().trades() == 5 && sim.subscribedMarkets().contains(COINBASE));

            sim.publish(COINBASE, "{\"TYPE\":\"0\",\"M\":\"Coinbase\",\"FSYM\":\"BTC\",\"TSYM\":\"USD\",\"F\":\"1\","
                    + "\"ID\":\"990001\",\"TS\":4070908800,\"Q\":\"1\",\"P\":\"64000\"}");
            await().atMost(Duration.ofSeconds(20)).until(() -> run.metrics().invalidTrades() == 1);
            run.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);

            List<ConsumerRecord<String, String>> rejected = TopicRecords.readAll(bootstrap, deadLetters, 1, 1, Duration.ofSeconds(20), Duration.ofSeconds(1));
            assertThat(rejected).singleElement().satisfies(record -> {
                JsonNode value = new ObjectMapper().readTree(record.value());
                assertThat(record.key()).isEqualTo(COINBASE.key());
                assertThat(value.get("reason").asText()).isEqualTo("EVENT_TIME_AHEAD");
                assertThat(value.get("exchange").asText()).isEqualTo("Coinbase");
                assertThat(TradeJson.decode(value.get("record").asText()).tradeId()).isEqualTo("990001");
            });
            assertThat(TopicRecords.readAll(bootstrap, topic, 1, 5, Duration.ofSeconds(20), Duration.ofSeconds(1))).hasSize(5)
                    .noneSatisfy(record -> assertThat(record.value()).contains("990001"));
        }
    }
}
