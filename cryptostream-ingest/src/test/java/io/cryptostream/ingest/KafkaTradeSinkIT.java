package io.cryptostream.ingest;

import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeFormat;
import io.cryptostream.domain.TradeJson;
import io.cryptostream.servers.TcpForwarder;
import io.cryptostream.servers.KafkaTopics;
import io.cryptostream.servers.TestServers;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Kafka sink against the JVM-wide test broker; outages longer than the delivery timeout: {@link KafkaSpoolIT}. */
@ExtendWith(Testbed.Extension.class)
class KafkaTradeSinkIT {

    private static final String KEY = "sim-key-kafka";

    private static IngestSettings settings(SimulatorServer sim) {
        return IngestSettings.builder().url(sim.uri()).apiKey(ApiKey.of(KEY))
                .minReconnectDelay(Duration.ofMillis(100)).maxReconnectDelay(Duration.ofSeconds(1)).build();
    }

    @Test
    void producesEachTradeKeyedByMarketWithTheDocumentedValue(ActorSystem system) throws Exception {
        String bootstrap = TestServers.shared().endpoints().kafkaBootstrapServers();
        String topic = createTopic(bootstrap);
        try (SimulatorServer sim = SimulatorServer.start(
                SimulatorConfig.builder().apiKey(KEY).tradesPerSecond(50).tradesPerMarket(8).build(), system)) {
            IngestRun run = IngestService.run(system, settings(sim),
                    new KafkaTradeSink(KafkaSinkSettings.of(bootstrap, topic)));
            await().atMost(Duration.ofSeconds(20)).until(() -> run.metrics().trades() == 40);
            run.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);

            List<ConsumerRecord<String, String>> records = new KafkaTopics(bootstrap).readAll(topic, 40, Duration.ofSeconds(20));
            assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo(TradeJson.decode(r.value()).market().key()));
            List<Trade> produced = records.stream().map(r -> TradeJson.decode(r.value())).toList();
            assertThat(TradeFacts.of(produced)).containsExactlyInAnyOrderElementsOf(TradeFacts.of(sim.emittedTrades()));
            for (var market : IngestSettings.DEFAULT_MARKETS) {
                assertThat(records.stream().filter(r -> r.key().equals(market.key())).map(ConsumerRecord::partition)
                        .distinct()).as("one partition for %s", market).hasSize(1);
                assertThat(TradeFacts.of(produced.stream().filter(t -> t.market().equals(market)).toList()))
                        .as("%s in order", market).containsExactlyElementsOf(TradeFacts.of(sim.emittedTrades(market)));
            }
        }
    }

    @Test
    void producesAvroRecordsThatNameTheirFormat(ActorSystem system) throws Exception {
        String bootstrap = TestServers.shared().endpoints().kafkaBootstrapServers();
        String topic = createTopic(bootstrap);
        try (SimulatorServer sim = SimulatorServer.start(
                SimulatorConfig.builder().apiKey(KEY).tradesPerSecond(50).tradesPerMarket(8).build(), system)) {
            IngestRun run = IngestService.run(system, settings(sim),
                    new KafkaTradeSink(KafkaSinkSettings.of(bootstrap, topic), TradeFormat.AVRO));
            await().atMost(Duration.ofSeconds(20)).until(() -> run.metrics().trades() == 40);
            run.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);

            List<ConsumerRecord<String, byte[]>> records = readBytes(bootstrap, topic, 40);
            assertThat(records).allSatisfy(r -> assertThat(r.headers().lastHeader(TradeFormat.HEADER).value())
                    .asString(StandardCharsets.UTF_8).isEqualTo(TradeFormat.AVRO.contentType()));
            List<Trade> produced = records.stream().map(r -> TradeFormat.AVRO.decode(r.value())).toList();
            assertThat(records).allSatisfy(r -> assertThat(r.key())
                    .isEqualTo(TradeFormat.AVRO.decode(r.value()).market().key()));
            assertThat(TradeFacts.byValue(produced))
                    .containsExactlyInAnyOrderElementsOf(TradeFacts.byValue(sim.emittedTrades()));
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readBytes(String bootstrap, String topic, int expected) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
        }
        return records;
    }

    @Test
    void losesNothingWhileKafkaIsBrieflyAway(ActorSystem system) throws Exception {
        String broker = TestServers.shared().endpoints().kafkaBootstrapServers();
        String topic = createTopic(broker);
        try (TcpForwarder notYetUp = new TcpForwarder(broker.substring(0, broker.lastIndexOf(':')),
                Integer.parseInt(broker.substring(broker.lastIndexOf(':') + 1)));
             SimulatorServer sim = SimulatorServer.start(
                     SimulatorConfig.builder().apiKey(KEY).tradesPerSecond(1_000).tradesPerMarket(2_000).build(),
                     system)) {
            KafkaSinkSettings kafka = KafkaSinkSettings.of("127.0.0.1:" + notYetUp.port(), topic)
                    .withDeliveryTimeout(Duration.ofSeconds(30));
            // A tiny buffer, so the socket itself is backpressured while the producer waits.
            IngestRun run = IngestService.run(system, settings(sim).toBuilder().bufferSize(4).build(),
                    new KafkaTradeSink(kafka));
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.emittedTrades().size() == 10_000);
            assertThat(run.completion().toCompletableFuture()).isNotDone();
            assertThat(run.metrics().trades()).as("held back by the backpressured socket").isLessThan(10_000);

            notYetUp.open();
            await().atMost(Duration.ofSeconds(30)).until(() -> run.metrics().trades() == 10_000);
            run.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);

            List<Trade> produced = new KafkaTopics(broker).readAll(topic, 10_000, Duration.ofSeconds(20)).stream().map(r -> TradeJson.decode(r.value())).toList();
            assertThat(TradeFacts.of(produced)).containsExactlyInAnyOrderElementsOf(TradeFacts.of(sim.emittedTrades()));
            assertThat(run.metrics().reconnects()).isZero();
        }
    }

    private static String createTopic(String bootstrap) {
        return new KafkaTopics(bootstrap).createUnique("ingest-test-", 3);
    }
}
