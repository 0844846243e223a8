package io.cryptostream.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.cryptocompare.CryptoCompareSubscriptions;
import io.cryptostream.ingest.ApiKey;
import io.cryptostream.ingest.IngestRun;
import io.cryptostream.ingest.IngestService;
import io.cryptostream.ingest.IngestSettings;
import io.cryptostream.ingest.KafkaSinkSettings;
import io.cryptostream.ingest.KafkaTradeSink;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TestServers;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import io.cryptostream.spark.CassandraWindowSink;
import io.cryptostream.spark.JobSettings;
import io.cryptostream.spark.KafkaSourceSettings;
import io.cryptostream.spark.KafkaTradeSource;
import io.cryptostream.spark.ReferenceAggregation;
import io.cryptostream.spark.SparkSessionFactory;
import io.cryptostream.spark.TradeWindowJob;
import io.cryptostream.store.Candle;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.Replication;
import io.cryptostream.store.StoreSchema;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole pipeline with every real component: the simulator emits a known, bounded set of trades over a real
 * WebSocket; ingest publishes them to a real Kafka; a real Spark job aggregates them into a real Cassandra. The rows
 * in Cassandra must equal an independent computation from the emitted trades, exactly.
 */
class PipelineEndToEndIT {

    private static final List<Market> MARKETS = List.of(
            new Market("Coinbase", "BTC", "USD"),
            new Market("Coinbase", "ETH", "USD"),   // a second pair on the same market
            new Market("Binance", "BTC", "USDT"));
    private static final int TRADES_PER_MARKET = 60;

    @Test
    void simulatorTradesLandInCassandraAsExactWindows(@TempDir Path checkpoint) throws Exception {
        ServerEndpoints servers = TestServers.shared().endpoints();
        String keyspace = "e2e_" + Long.toHexString(System.nanoTime());
        String topic = "e2e-trades-" + Long.toHexString(System.nanoTime());
        CassandraSettings cassandra = new CassandraSettings(servers.host(), servers.cassandraPort(),
                servers.cassandraDatacenter(), keyspace, new Replication.SimpleStrategy(1));
        StoreSchema.ensure(cassandra);

        JobSettings defaults = JobSettings.defaults();
        JobSettings settings = new JobSettings("local[2]", Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofSeconds(1), checkpoint.toString(), 2, "e2e-windows",
                new KafkaSourceSettings(servers.kafkaBootstrapServers(), topic, "earliest", 10_000, true), cassandra);
        SparkSession spark = SparkSessionFactory.create(settings);
        try (SimulatorServer simulator = SimulatorServer.start(SimulatorConfig.builder()
                .apiKey("e2e-key").tradesPerSecond(40).tradesPerMarket(TRADES_PER_MARKET)
                .heartbeatInterval(Duration.ofSeconds(1)).build())) {
            TradeWindowJob job = TradeWindowJob.start(spark, settings, new KafkaTradeSource(settings.kafka()),
                    CassandraWindowSink.open(cassandra));
            IngestRun ingest = IngestService.run(IngestSettings.builder()
                            .url(simulator.uri()).apiKey(ApiKey.of("e2e-key"))
                            .subscriptions(MARKETS.stream().map(CryptoCompareSubscriptions::tradeSub).toList())
                            .heartbeatInterval(Duration.ofSeconds(1)).build(),
                    new KafkaTradeSink(KafkaSinkSettings.of(servers.kafkaBootstrapServers(), topic)));

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> ingest.metrics().trades() >= (long) TRADES_PER_MARKET * MARKETS.size());
            ingest.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
            job.processAllAvailable();
            job.stop();

            List<Trade> emitted = simulator.emittedTrades();
            assertThat(emitted).hasSize(TRADES_PER_MARKET * MARKETS.size());
            assertThat(ingest.metrics().trades()).isEqualTo(emitted.size());
            assertThat(job.metrics().lateTradesDropped()).isZero();
            try (CqlSession session = CassandraRows.session(servers)) {
                assertThat(CassandraRows.windows(session, keyspace))
                        .containsExactlyInAnyOrderElementsOf(ReferenceAggregation.ofOneBatch(emitted).directionWindows());
                assertThat(CassandraRows.candles(session, keyspace))
                        .containsExactlyInAnyOrderElementsOf(ReferenceAggregation.ofOneBatch(emitted).candles());
                assertThat(CassandraRows.candles(session, keyspace).stream().mapToLong(Candle::trades).sum())
                        .isEqualTo(emitted.size());
            }
        } finally {
            spark.stop();
        }
    }
}
