package io.cryptostream.cli;

import io.cryptostream.domain.TradeJson;
import io.cryptostream.ingest.ApiKey;
import io.cryptostream.ingest.IngestRun;
import io.cryptostream.ingest.IngestService;
import io.cryptostream.ingest.IngestSettings;
import io.cryptostream.ingest.KafkaSinkSettings;
import io.cryptostream.ingest.KafkaTradeSink;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import io.cryptostream.spark.JobSettings;
import io.cryptostream.spark.KafkaSourceSettings;
import io.cryptostream.spark.KafkaTradeSource;
import io.cryptostream.spark.SparkSessionFactory;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A broker that only speaks SASL_PLAINTEXT/PLAIN: the topic admin, the ingest producer and Spark's Kafka source all
 * log in with the properties the config passes through, the secret coming from a file.
 */
class KafkaSaslIT {

    private static SaslKafkaBroker broker;

    @BeforeAll
    static void startBroker(@TempDir Path dir) throws Exception {
        broker = SaslKafkaBroker.start(dir);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theAdminTheProducerAndTheSparkSourceAuthenticateWithThePassedThroughProperties(@TempDir Path dir)
            throws Exception {
        CryptostreamConfig config = config(dir, SaslKafkaBroker.PASSWORD);
        Map<String, String> client = KafkaClientProperties.of(config);
        String topic = "sasl-trades";
        TradesTopic.ensure(broker.bootstrapServers(), client, TopicLayout.BROKER_DEFAULTS, topic);

        String key = "sasl-sim-key";
        try (SimulatorServer sim = SimulatorServer.start(SimulatorConfig.builder().apiKey(key).tradesPerSecond(50)
                .tradesPerMarket(6).build())) {
            KafkaSinkSettings sink = TradePipeline.kafkaSink(config, broker.bootstrapServers(), topic);
            IngestRun run = IngestService.run(IngestSettings.builder().url(sim.uri()).apiKey(ApiKey.of(key))
                    .minReconnectDelay(Duration.ofMillis(100)).build(), new KafkaTradeSink(sink));
            await().atMost(Duration.ofSeconds(30)).until(() -> run.metrics().trades() == 30);
            run.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertThat(run.spools().get(0).spooled()).as("Kafka took every trade at once").isZero();

            Set<String> expectedIds = sim.emittedTrades().stream().map(t -> t.market().key() + "/" + t.tradeId())
                    .collect(Collectors.toSet());
            assertThat(readWithSpark(dir, topic, client)).isEqualTo(expectedIds);
        }
    }

    @Test
    void aWrongPasswordIsRefusedByTheBroker(@TempDir Path dir) throws Exception {
        Map<String, String> client = KafkaClientProperties.of(config(dir, "not-the-password"));

        assertThatThrownBy(() -> TradesTopic.ensure(broker.bootstrapServers(), client, TopicLayout.BROKER_DEFAULTS, "sasl-refused"))
                .hasMessageContaining("Authentication failed");
    }

    /** The secret in a properties file, the rest in the HOCON block, as a user would set it. */
    private static CryptostreamConfig config(Path dir, String password) throws Exception {
        Path secrets = dir.resolve("kafka-client.properties");
        Files.writeString(secrets, "sasl.jaas.config=" + SaslKafkaBroker.jaasConfig(SaslKafkaBroker.USER, password)
                + "\n");
        Path file = dir.resolve("app.conf");
        Files.writeString(file, "cryptostream.kafka.properties { \"security.protocol\" = SASL_PLAINTEXT, "
                + "\"sasl.mechanism\" = PLAIN }\ncryptostream.work-dir = \"" + dir + "\"\n");
        Map<String, Object> flags = new HashMap<>();
        flags.put("kafka.properties-file", secrets.toString());
        return CryptostreamConfig.load(file, flags);
    }

    private static Set<String> readWithSpark(Path dir, String topic, Map<String, String> client) throws Exception {
        JobSettings defaults = JobSettings.defaults();
        JobSettings settings = new JobSettings("local[1]", defaults.window(), defaults.watermark(),
                Duration.ofSeconds(1), dir.resolve("checkpoint").toString(), 1, "sasl-read",
                new KafkaSourceSettings(broker.bootstrapServers(), topic, "earliest", 0, true, client),
                defaults.cassandra());
        SparkSession spark = SparkSessionFactory.create(settings);
        try {
            StreamingQuery query = new KafkaTradeSource(settings.kafka()).records(spark)
                    .selectExpr("CAST(value AS STRING) AS value").writeStream()
                    .format("memory").queryName("sasl_values")
                    .option("checkpointLocation", dir.resolve("checkpoint").toString()).start();
            query.processAllAvailable();
            query.stop();
            List<Row> rows = spark.sql("SELECT value FROM sasl_values").collectAsList();
            return rows.stream().map(row -> TradeJson.decode(row.getString(0)))
                    .map(t -> t.market().key() + "/" + t.tradeId()).collect(Collectors.toSet());
        } finally {
            spark.stop();
        }
    }
}
