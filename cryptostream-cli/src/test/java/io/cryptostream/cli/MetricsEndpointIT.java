package io.cryptostream.cli;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.cryptocompare.CryptoCompareSubscriptions;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TcpForwarder;
import io.cryptostream.servers.TestServers;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code cryptostream run} in Kafka mode, in a JVM of its own, against a simulated venue in this JVM (which knows
 * every trade it sent) and the shared Kafka and Cassandra: its /metrics, scraped while it runs, count what the venue
 * sent, a dropped connection and a late trade; its /health/ready follows the subscription and the sink.
 */
class MetricsEndpointIT {

    private static final List<Market> MARKETS = List.of(new Market("Coinbase", "BTC", "USD"),
            new Market("Binance", "BTC", "USDT"));
    private static final Market LATE_MARKET = MARKETS.get(0);
    private static final int TRADES_PER_MARKET = 60;
    private static final String API_KEY = "metrics-key";
    private static final Duration WITHIN = Duration.ofMinutes(3);
    private static final Pattern STATUS_LINE = Pattern.compile(
            "INFO +StatusLine: trades \\S+/s \\| 2 markets, [01]/1 connection subscribed \\| gaps \\d+ \\(\\d+ missed\\) \\| Spark ");

    @Test
    void aRunsMetricsCountWhatTheVenueSentAndItsReadinessFollowsTheSubscriptionAndTheSink(@TempDir Path work)
            throws Exception {
        ServerEndpoints servers = TestServers.shared().endpoints();
        String unique = Long.toHexString(System.nanoTime());
        String topic = "metrics-" + unique;
        int port = MetricsScrape.freePort();
        try (SimulatorServer venue = SimulatorServer.start(SimulatorConfig.builder().apiKey(API_KEY)
                .tradesPerSecond(4).tradesPerMarket(TRADES_PER_MARKET).replayOnSubscribe(TRADES_PER_MARKET)
                .heartbeatInterval(Duration.ofSeconds(1)).build());
             // The run reaches Kafka through this door, so the test can make Kafka unreachable for it alone.
             TcpForwarder kafka = new TcpForwarder(servers.host(), servers.kafkaPort())) {
            kafka.open();
            Path log = work.resolve("run.log");
            Process run = CommandProcess.start(List.of("run", "--mode", "kafka", "--venue", "cryptocompare",
                    "--timeout", "300", "--config", config(work, venue, servers, topic, unique).toString(),
                    "--watchlist", MARKETS.stream().map(CryptoCompareSubscriptions::tradeSub).collect(Collectors.joining(",")),
                    "--kafka-broker", "127.0.0.1:" + kafka.port(), "--metrics-port", Integer.toString(port),
                    "--api-key-file", Files.writeString(work.resolve("key"), API_KEY).toString()), log);
            try {
                MetricsScrape.Page firstAnswer = await("the health endpoint").atMost(WITHIN).ignoreExceptions()
                        .failFast("the run ended", () -> !run.isAlive())
                        .until(() -> MetricsScrape.get(port, "/health/ready"), page -> true);
                assertThat(firstAnswer.status()).as("ready before ingest subscribed; %s", CommandProcess.read(log))
                        .isEqualTo(503);
                assertThat(firstAnswer.body()).startsWith("{\"status\":\"DOWN\",\"reasons\":[")
                        .containsAnyOf("ingest not started", "Coinbase BTC-USD not subscribed");
                awaitReady(port, run, log);

                await("a third of the trades").atMost(WITHIN).until(() -> venue.emittedTrades().size() >= TRADES_PER_MARKET * 2 / 3);
                assertThat(venue.dropAllConnections()).as("connections dropped").isEqualTo(1);
                await("the reconnect counted").atMost(WITHIN).ignoreExceptions()
                        .until(() -> MetricsScrape.of(port).sum("cryptostream_ingest_reconnects_total") >= 1);
                awaitReady(port, run, log);

                // A trade an hour old, once the job has a watermark: behind it, so dropped by the job and counted.
                await("the job's watermark").atMost(WITHIN).ignoreExceptions()
                        .until(() -> MetricsScrape.of(port).sum("cryptostream_spark_event_time_lag_seconds") > 0);
                assertThat(venue.publish(LATE_MARKET, lateTradeFrame(Instant.now().minus(Duration.ofHours(1)))))
                        .isEqualTo(1);

                await("every trade sent").atMost(WITHIN).until(() -> venue.emittedTrades().size() == TRADES_PER_MARKET * MARKETS.size());
                await("ingest counting every trade the venue sent").atMost(WITHIN).ignoreExceptions()
                        .untilAsserted(() -> assertIngestCounted(MetricsScrape.of(port), venue));
                await("the job dropping the late trade").atMost(WITHIN).ignoreExceptions()
                        .until(() -> MetricsScrape.of(port).sum("cryptostream_spark_late_trades_dropped_total") == 1);

                long ingested = TRADES_PER_MARKET * MARKETS.size() + 1;
                // The late trade may be counted before the batches holding the trades sent after it.
                await("the job reading every record").atMost(WITHIN).ignoreExceptions()
                        .until(() -> MetricsScrape.of(port).sum("cryptostream_spark_input_rows_total") >= ingested);

                MetricsScrape scrape = MetricsScrape.of(port);
                assertThat(scrape.sum("cryptostream_ingest_kafka_records_sent_total", "topic", topic)).isEqualTo(ingested);
                assertThat(scrape.sum("cryptostream_ingest_connections_total")).isGreaterThanOrEqualTo(2);
                assertThat(scrape.sum("cryptostream_ingest_connection_state", "state", "subscribed")).isEqualTo(1);
                assertThat(scrape.sum("cryptostream_ingest_duplicates_total")).as("trades the venue sent again on resubscribe")
                        .isPositive();
                assertThat(scrape.sum("cryptostream_spark_input_rows_total")).isGreaterThanOrEqualTo(ingested);
                assertThat(scrape.sum("cryptostream_spark_batches_total")).isPositive();
                assertThat(scrape.sum("cryptostream_spark_cassandra_writes_total")).isPositive();
                assertThat(scrape.sum("cryptostream_spark_cassandra_write_errors_total")).isZero();
                assertThat(scrape.sum("cryptostream_spark_batch_duration_seconds_count"))
                        .isEqualTo(scrape.sum("cryptostream_spark_batches_total"));
                assertThat(scrape.sum("cryptostream_spark_batch_duration_seconds_sum")).isPositive();
                assertThat(scrape.sum("cryptostream_spark_state_rows")).as("windows held in state").isPositive();
                assertThat(scrape.has("cryptostream_spark_state_memory_bytes")).isTrue();
                assertThat(scrape.has("cryptostream_spark_processed_rows_per_second")).isTrue();
                assertThat(scrape.sum("cryptostream_spark_cassandra_last_write_age_seconds")).isBetween(0.0, 120.0);
                // The simulator's trades carry the run's own receive times, so the newest row is seconds behind.
                assertThat(scrape.sum("cryptostream_spark_row_freshness_seconds")).as("newest row behind the feed")
                        .isBetween(0.0, 120.0);
                assertThat(scrape.sum("cryptostream_ingest_last_frame_age_seconds")).as("heartbeats every second")
                        .isBetween(0.0, 30.0);
                assertThat(scrape.has("jvm_memory_used_bytes")).isTrue();
                assertThat(GrafanaDashboard.read().metricNames()).as("metrics the Grafana dashboard reads")
                        .allSatisfy(name -> assertThat(scrape.has(name)).as(name).isTrue());

                // Its output is a file, so its progress is a log line every 30 s, read from the same meters.
                await("the run's status line").atMost(WITHIN).until(() -> STATUS_LINE.matcher(CommandProcess.read(log)).find());

                kafka.close();
                await("readiness noticing Kafka is gone").atMost(WITHIN).until(() -> MetricsScrape.get(port, "/health/ready"),
                        page -> page.status() == 503 && page.body().contains("Kafka at 127.0.0.1:" + kafka.port() + " unreachable"));
            } finally {
                run.destroy();
                if (!run.waitFor(60, TimeUnit.SECONDS)) {
                    run.destroyForcibly().waitFor();
                }
            }
        }
    }

    /** Per market and taker side, ingest's trades equal those the venue emitted, plus the late one it was sent. */
    private static void assertIngestCounted(MetricsScrape scrape, SimulatorServer venue) {
        for (Market market : MARKETS) {
            List<Trade> emitted = venue.emittedTrades(market);
            for (TakerSide side : TakerSide.values()) {
                long expected = emitted.stream().filter(trade -> trade.side() == side).count()
                        + (market.equals(LATE_MARKET) && side == TakerSide.SELL ? 1 : 0);
                assertThat(scrape.sum("cryptostream_ingest_trades_total", "exchange", market.exchange(),
                        "market", market.symbol(), "side", side.name().toLowerCase(Locale.ROOT)))
                        .as("%s %s trades", market, side).isEqualTo(expected);
            }
        }
    }

    private static void awaitReady(int port, Process run, Path log) {
        await("the run ready").atMost(WITHIN).ignoreExceptions()
                .failFast("the run ended", () -> !run.isAlive())
                .until(() -> MetricsScrape.get(port, "/health/ready"), page -> page.status() == 200);
        assertThat(MetricsScrape.get(port, "/health/ready").body()).as(CommandProcess.read(log)).isEqualTo("{\"status\":\"UP\"}");
    }

    /** A CryptoCompare trade frame (F=1: the taker sold) whose event time is {@code at}. */
    private static String lateTradeFrame(Instant at) {
        return "{\"TYPE\":\"0\",\"M\":\"Coinbase\",\"FSYM\":\"BTC\",\"TSYM\":\"USD\",\"F\":\"1\",\"ID\":\"990001\",\"TS\":"
                + at.getEpochSecond() + ",\"Q\":\"0.5\",\"P\":\"64000\"}";
    }

    private static Path config(Path work, SimulatorServer venue, ServerEndpoints servers, String topic, String unique)
            throws IOException {
        return Files.writeString(work.resolve("cryptostream.conf"), """
                cryptostream {
                  work-dir = "%s"
                  cryptocompare.url = "%s"
                  kafka.topic = "%s"
                  cassandra { contact-point = "%s", keyspace = "metrics_%s" }
                  spark { trigger = 1s, shuffle-partitions = 2 }
                }
                """.formatted(work, venue.uri(), topic, servers.cassandraHostPort(), unique));
    }
}
