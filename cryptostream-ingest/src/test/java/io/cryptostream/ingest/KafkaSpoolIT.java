package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeJson;
import io.cryptostream.servers.KafkaTopics;
import io.cryptostream.servers.LocalServers;
import io.cryptostream.servers.ServerKind;
import io.cryptostream.servers.ServerLifetime;
import io.cryptostream.servers.ServerPort;
import io.cryptostream.servers.ServerSettings;
import io.cryptostream.servers.ServerStatus;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Kafka away for longer than the producer's delivery timeout: a broker of this test's own, killed and restarted on
 * the same port and log dir, so ingest sees a real outage and a real return.
 */
class KafkaSpoolIT {

    private static final String KEY = "sim-key-spool";
    private static final int PARTITIONS = 3;
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(3);
    private static ActorSystem system;
    private static LocalServers servers;
    private static String bootstrap;

    @TempDir
    Path spoolDir;

    @BeforeAll
    static void start() throws IOException {
        system = IngestService.actorSystem("kafka-spool-it", "INFO");
        Path workDir = Files.createTempDirectory(Path.of("target"), "spool-it-servers-");
        ServerSettings settings = ServerSettings.defaults().withWorkDir(workDir).withLifetime(ServerLifetime.DISPOSABLE);
        List<Integer> ports = freePorts(ServerPort.values().length);
        for (ServerPort port : ServerPort.values()) {
            settings = settings.withPort(port, ports.get(port.ordinal()));
        }
        servers = new LocalServers(settings);
        bootstrap = servers.start().kafkaBootstrapServers();
    }

    @AfterAll
    static void stop() throws Exception {
        if (servers != null) {
            servers.stop();
        }
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void everyTradeArrivesInOrderAfterAnOutageLongerThanTheDeliveryTimeout() throws Exception {
        String topic = createTopic();
        try (SimulatorServer sim = simulator(1, 120)) {
            IngestRun run = IngestService.run(system, settings(sim), new KafkaTradeSink(sink(topic)));
            await().atMost(Duration.ofSeconds(20)).until(() -> recordsIn(topic) >= 50);

            killBroker();
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.emittedTrades().size() == 600 && run.metrics().trades() == 600 && spool(run).held() == spool(run).spooled() && spool(run).spooled() > 0);
            assertThat(run.completion().toCompletableFuture()).as("ingest goes on while Kafka is away").isNotDone();

            bootstrap = servers.start().kafkaBootstrapServers();
            await().atMost(Duration.ofSeconds(60)).until(() -> spool(run).held() == 0);
            run.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);

            assertThat(spool(run).drained()).isEqualTo(spool(run).spooled());
            // A record the dying broker wrote but never acknowledged is spooled too; the drain finds it in the topic
            // and does not send it again. Nothing is lost, nothing doubled, and the order holds.
            List<ConsumerRecord<String, String>> records = readAll(topic, 600);
            assertThat(recordsIn(topic)).as("records in the topic").isEqualTo(600);
            assertEveryTradeOnceInOrder(records, List.of(sim));
        }
    }

    @Test
    void aSpoolLeftByAnEarlierRunIsSentFirstByTheNextStart() throws Exception {
        String topic = createTopic();
        KafkaSinkSettings nowhere = sink(topic).withBootstrapServers("127.0.0.1:" + freePorts(1).get(0));
        try (SimulatorServer first = simulator(2, 10); SimulatorServer second = simulator(3, 10)) {
            IngestRun away = IngestService.run(system, settings(first), new KafkaTradeSink(nowhere));
            await().atMost(Duration.ofSeconds(30)).until(() -> spool(away).held() == 50);
            away.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(spool(away).held()).as("kept on disk for the next start").isEqualTo(50);

            IngestRun next = IngestService.run(system, settings(second), new KafkaTradeSink(sink(topic)));
            await().atMost(Duration.ofSeconds(30)).until(() -> next.metrics().trades() == 50 && spool(next).held() == 0);
            next.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);

            assertThat(spool(next).drained()).isEqualTo(50);
            assertEveryTradeOnceInOrder(readAll(topic, 100), List.of(first, second));
            assertThat(sink(topic).spoolFile()).as("an empty spool leaves no file").doesNotExist();
        }
    }

    @Test
    void aSpooledTradeTheTopicAlreadyHoldsIsNotSentAgain() throws Exception {
        String topic = createTopic();
        Market market = IngestSettings.DEFAULT_MARKETS.get(0);
        Instant at = Instant.now().minusSeconds(60);
        List<Trade> spooled = IntStream.range(0, 20).mapToObj(i -> Trade.of(market, TakerSide.BUY,
                new BigDecimal("64000.5" + i), new BigDecimal("0.01"), "spooled-" + i, at.plusMillis(i), at.plusMillis(i)))
                .toList();
        // The broker wrote the first 8 and died before acknowledging them: the spool holds all 20.
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            for (Trade trade : spooled.subList(0, 8)) {
                producer.send(new ProducerRecord<>(topic, market.key(), TradeJson.encodeBytes(trade))).get();
            }
        }
        try (Spool spool = Spool.open(sink(topic).spoolFile(), 64L * 1024 * 1024)) {
            spool.append(spooled.stream().map(trade -> new SpoolRecord(market.key(), TradeJson.encode(trade))).toList());
        }

        try (SimulatorServer sim = simulator(5, 2)) {
            IngestRun run = IngestService.run(system, settings(sim), new KafkaTradeSink(sink(topic)));
            await().atMost(Duration.ofSeconds(30)).until(() -> spool(run).held() == 0 && run.metrics().trades() == 10);
            run.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);

            assertThat(recordsIn(topic)).as("records in the topic").isEqualTo(20 + 10);
            List<Trade> inTopic = readAll(topic, 30).stream().map(r -> TradeJson.decode(r.value()))
                    .filter(trade -> trade.tradeId().startsWith("spooled-")).toList();
            assertThat(TradeFacts.of(inTopic)).as("the spooled trades once each, in order")
                    .containsExactlyElementsOf(TradeFacts.of(spooled));
        }
    }

    @Test
    void aFullSpoolStopsIngestSayingHowManyTradesItHoldsAndWhere() throws Exception {
        KafkaSinkSettings nowhere = sink("trades-full").withBootstrapServers("127.0.0.1:" + freePorts(1).get(0))
                .withSpool(spoolDir, 4_000);
        try (SimulatorServer sim = simulator(4, 40)) {
            IngestRun run = IngestService.run(system, settings(sim), new KafkaTradeSink(nowhere));

            assertThatThrownBy(() -> run.completion().toCompletableFuture().get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(SpoolFullException.class)
                    .hasMessageMatching("Kafka at 127\\.0\\.0\\.1:\\d+ has not taken trades for \\d+ s and the spool "
                            + "\\S+/trades-full\\.spool is full \\(4000 bytes\\): ingest stopped; the spool holds \\d+ "
                            + "trades, which the next start sends first \\(the last \\d+ did not fit and are lost\\)\\. "
                            + "Start Kafka, or allow a bigger spool with cryptostream\\.ingest\\.spool\\.max-bytes "
                            + "\\(--spool-max-bytes\\)");
            long held = spool(run).held();
            assertThat(held).isPositive();
            try (Spool left = Spool.open(nowhere.spoolFile(), 4_000)) {
                assertThat(left.records()).isEqualTo(held);
            }
        }
    }

    private KafkaSinkSettings sink(String topic) {
        return KafkaSinkSettings.of(bootstrap, topic).withDeliveryTimeout(DELIVERY_TIMEOUT)
                .withLinger(Duration.ofMillis(5)).withSpool(spoolDir, 64L * 1024 * 1024);
    }

    private static SimulatorServer simulator(long seed, long tradesPerMarket) {
        return SimulatorServer.start(SimulatorConfig.builder().apiKey(KEY).seed(seed).tradesPerSecond(40)
                .tradesPerMarket(tradesPerMarket).build(), system);
    }

    private static IngestSettings settings(SimulatorServer sim) {
        return IngestSettings.builder().url(sim.uri()).apiKey(ApiKey.of(KEY))
                .minReconnectDelay(Duration.ofMillis(100)).maxReconnectDelay(Duration.ofSeconds(1)).build();
    }

    private static SpoolStats spool(IngestRun run) {
        return run.spools().get(0);
    }

    private static void killBroker() throws InterruptedException {
        ServerStatus kafka = servers.status().stream().filter(s -> s.server() == ServerKind.KAFKA).findFirst()
                .orElseThrow();
        ProcessHandle broker = ProcessHandle.of(kafka.pid().orElseThrow()).orElseThrow();
        broker.destroyForcibly();
        await().atMost(Duration.ofSeconds(20)).until(() -> !broker.isAlive());
    }

    /** Per market: the simulators' trades, first simulator first, each exactly once and in order. */
    private static void assertEveryTradeOnceInOrder(List<ConsumerRecord<String, String>> records,
                                                    List<SimulatorServer> simulators) {
        List<Trade> produced = records.stream().map(r -> TradeJson.decode(r.value())).toList();
        int expected = simulators.stream().mapToInt(sim -> sim.emittedTrades().size()).sum();
        assertThat(produced).hasSize(expected);
        for (Market market : IngestSettings.DEFAULT_MARKETS) {
            List<TradeFacts> sent = simulators.stream()
                    .flatMap(sim -> TradeFacts.of(sim.emittedTrades(market)).stream()).toList();
            assertThat(records.stream().filter(r -> r.key().equals(market.key())).map(ConsumerRecord::partition)
                    .distinct()).as("one partition for %s", market).hasSize(1);
            assertThat(TradeFacts.of(produced.stream().filter(t -> t.market().equals(market)).toList()))
                    .as("%s once each, in order", market).containsExactlyElementsOf(sent);
        }
    }

    private static String createTopic() {
        return new KafkaTopics(bootstrap).createUnique("spool-it-", PARTITIONS);
    }

    private static long recordsIn(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            return consumer.endOffsets(IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(topic, p))
                    .toList()).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic, int expected) {
        return new KafkaTopics(bootstrap).readAll(topic, expected, Duration.ofSeconds(30));
    }

    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                socket.bind(new InetSocketAddress("127.0.0.1", 0));
                sockets.add(socket);
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
