package io.cryptostream.cli;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.Venue;
import io.cryptostream.exchange.binance.Binance;
import io.cryptostream.exchange.coinbase.Coinbase;
import io.cryptostream.ingest.IngestProtocols;
import io.cryptostream.ingest.IngestRun;
import io.cryptostream.ingest.IngestService;
import io.cryptostream.ingest.IngestSettings;
import io.cryptostream.ingest.KafkaSinkSettings;
import io.cryptostream.ingest.KafkaTradeSink;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TestServers;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorProtocols;
import io.cryptostream.simulator.SimulatorServer;
import io.cryptostream.spark.CassandraWindowSink;
import io.cryptostream.spark.JobSettings;
import io.cryptostream.spark.KafkaSourceSettings;
import io.cryptostream.spark.KafkaTradeSource;
import io.cryptostream.spark.SparkSessionFactory;
import io.cryptostream.spark.TradeWindowJob;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.Replication;
import io.cryptostream.store.StoreSchema;
import org.apache.pekko.actor.ActorSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two simulated venues (Binance spot, which counts trades in its klines, and Coinbase, which does not) → ingest →
 * Kafka → Spark → Cassandra; then {@code verify} finds the venues' own candles, served by the simulators from the
 * trades they emitted, equal to the stored ones, and, once the simulators alter a candle, exactly that minute and
 * field.
 */
class VerifyIT {

    private static final int TRADES_PER_MARKET = 40;
    private static final Market BINANCE = new Market("Binance", "BTC", "USDT");
    private static final Market COINBASE = new Market("Coinbase", "BTC", "USD");

    @Test
    void verifyFindsNoDifferenceInAFaithfulRunAndExactlyTheAlteredCandles(@TempDir Path work) throws Exception {
        ServerEndpoints servers = TestServers.shared().endpoints();
        String unique = Long.toHexString(System.nanoTime());
        String keyspace = "verify_" + unique;
        String topic = "verify-" + unique;
        CassandraSettings cassandra = new CassandraSettings(servers.host(), servers.cassandraPort(),
                servers.cassandraDatacenter(), keyspace, new Replication.SimpleStrategy(1));
        StoreSchema.ensure(cassandra);
        // Created before two producers and the job race to create it.
        TradesTopic.ensure(servers.kafkaBootstrapServers(), Map.of(), TopicLayout.BROKER_DEFAULTS, topic);
        JobSettings settings = new JobSettings("local[2]", Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofSeconds(1), work.resolve("checkpoint").toString(), 2, "verify-windows",
                new KafkaSourceSettings(servers.kafkaBootstrapServers(), topic, "earliest", 10_000, true), cassandra);
        SparkSession spark = SparkSessionFactory.create(settings);
        ActorSystem system = IngestService.actorSystem("verify-it", "WARNING");
        try (SimulatorServer binance = simulator(Binance.SPOT); SimulatorServer coinbase = simulator(Coinbase.EXCHANGE_FEED)) {
            TradeWindowJob job = TradeWindowJob.start(spark, settings, new KafkaTradeSource(settings.kafka()),
                    CassandraWindowSink.open(cassandra));
            IngestRun fromBinance = ingest(system, Binance.SPOT, binance, BINANCE, servers, topic, work);
            IngestRun fromCoinbase = ingest(system, Coinbase.EXCHANGE_FEED, coinbase, COINBASE, servers, topic, work);
            await().atMost(Duration.ofSeconds(90)).until(() -> fromBinance.metrics().trades() >= TRADES_PER_MARKET
                    && fromCoinbase.metrics().trades() >= TRADES_PER_MARKET);
            fromBinance.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
            fromCoinbase.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
            job.processAllAvailable();
            job.stop();

            List<Trade> binanceTrades = binance.emittedTrades(BINANCE);
            List<Trade> coinbaseTrades = coinbase.emittedTrades(COINBASE);
            Instant from = first(binanceTrades, coinbaseTrades).truncatedTo(ChronoUnit.MINUTES);
            Instant to = last(binanceTrades, coinbaseTrades).truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
            // verify compares only minutes that are over: with the venues' trades stamped two minutes behind, they are.
            await().atMost(Duration.ofSeconds(75)).until(() -> !Instant.now().isBefore(to));
            Path config = Files.writeString(work.resolve("verify.conf"), "cryptostream.binance.candles-url = \""
                    + binance.historyUri() + "\"\ncryptostream.coinbase.candles-url = \"" + coinbase.historyUri() + "\"\n");

            CommandOutput faithfulBinance = verify("binance", "BTC-USDT", from, to, config, servers, keyspace, work);
            CommandOutput faithfulCoinbase = verify("Coinbase", "btc-usd", from, to, config, servers, keyspace, work);

            assertThat(faithfulBinance.exitCode()).as(faithfulBinance.err() + faithfulBinance.out()).isZero();
            assertThat(faithfulBinance.out()).startsWith("No differences: Binance:BTC-USDT");
            assertThat(faithfulCoinbase.exitCode()).as(faithfulCoinbase.err() + faithfulCoinbase.out()).isZero();

            Instant binanceMinute = binanceTrades.get(0).eventTime().truncatedTo(ChronoUnit.MINUTES);
            Instant coinbaseMinute = coinbaseTrades.get(coinbaseTrades.size() - 1).eventTime().truncatedTo(ChronoUnit.MINUTES);
            binance.alterCandle(BINANCE, binanceMinute, c -> c.withClose(c.close().add(BigDecimal.ONE)));
            coinbase.alterCandle(COINBASE, coinbaseMinute, c -> c.withVolume(c.volume().add(new BigDecimal("0.5"))));

            CommandOutput alteredBinance = verify("binance", "BTC-USDT", from, to, config, servers, keyspace, work);
            CommandOutput alteredCoinbase = verify("coinbase", "BTC-USD", from, to, config, servers, keyspace, work);

            assertThat(alteredBinance.exitCode()).as(alteredBinance.err() + alteredBinance.out()).isEqualTo(1);
            assertThat(minuteLines(alteredBinance)).containsExactly(WindowTables.iso(binanceMinute) + "  close");
            assertThat(alteredBinance.out()).contains("likely: the same trades, different values")
                    .contains("1 minutes differ in Binance:BTC-USDT");
            assertThat(alteredCoinbase.exitCode()).as(alteredCoinbase.err() + alteredCoinbase.out()).isEqualTo(1);
            assertThat(minuteLines(alteredCoinbase)).containsExactly(WindowTables.iso(coinbaseMinute) + "  volume");
            assertThat(alteredCoinbase.out()).contains("likely: less volume in Cassandra than at Coinbase");
        } finally {
            system.terminate();
            spark.stop();
        }
    }

    /** Trades stamped two minutes behind, well within the job's 5-minute watermark, so their minutes are over. */
    private static SimulatorServer simulator(Venue venue) {
        return SimulatorServer.start(SimulatorConfig.builder().protocol(SimulatorProtocols.forVenue(venue))
                .tradesPerSecond(20).tradesPerMarket(TRADES_PER_MARKET).replayOnSubscribe(0)
                .eventTimeLag(Duration.ofMinutes(2)).build());
    }

    private static IngestRun ingest(ActorSystem system, Venue venue, SimulatorServer simulator, Market market,
                                    ServerEndpoints servers, String topic, Path work) {
        IngestSettings settings = IngestSettings.builder().url(simulator.uri()).markets(List.of(market))
                .heartbeatInterval(venue.liveness().heartbeatInterval()).build();
        KafkaSinkSettings kafka = KafkaSinkSettings.of(servers.kafkaBootstrapServers(), topic);
        // Each ingest run holds its own spool.
        KafkaSinkSettings ownSpool = new KafkaSinkSettings(kafka.bootstrapServers(), kafka.topic(),
                kafka.deliveryTimeout(), kafka.linger(), kafka.batchSizeBytes(), kafka.clientId(),
                kafka.extraProperties(), work.resolve("spool-" + venue.name()), kafka.spoolMaxBytes());
        return IngestService.run(system, IngestProtocols.forVenue(venue, settings), settings, new KafkaTradeSink(ownSpool));
    }

    private static CommandOutput verify(String exchange, String symbol, Instant from, Instant to, Path config,
                                        ServerEndpoints servers, String keyspace, Path work) {
        return CommandOutput.run("verify", "--exchange", exchange, "--symbol", symbol, "--from", from.toString(),
                "--to", to.toString(), "--config", config.toString(), "--cassandraurl", servers.cassandraHostPort(),
                "--keyspace", keyspace, "--work-dir", work.toString());
    }

    /** The first line of each differing minute: its start and the fields that differ. */
    private static List<String> minuteLines(CommandOutput output) {
        return output.out().lines().filter(line -> line.matches("^\\d{4}-.*")).toList();
    }

    private static Instant first(List<Trade> a, List<Trade> b) {
        Instant x = a.get(0).eventTime();
        Instant y = b.get(0).eventTime();
        return x.isBefore(y) ? x : y;
    }

    private static Instant last(List<Trade> a, List<Trade> b) {
        Instant x = a.get(a.size() - 1).eventTime();
        Instant y = b.get(b.size() - 1).eventTime();
        return x.isAfter(y) ? x : y;
    }
}
