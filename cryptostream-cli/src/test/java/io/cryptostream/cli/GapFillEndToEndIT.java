package io.cryptostream.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.TradeHistories;
import io.cryptostream.exchange.TradeHistory;
import io.cryptostream.exchange.Venue;
import io.cryptostream.exchange.Venues;
import io.cryptostream.ingest.ApiKey;
import io.cryptostream.ingest.GapFillSettings;
import io.cryptostream.ingest.IngestMetricsSnapshot;
import io.cryptostream.ingest.IngestProtocols;
import io.cryptostream.ingest.IngestRun;
import io.cryptostream.ingest.IngestService;
import io.cryptostream.ingest.IngestSettings;
import io.cryptostream.ingest.KafkaSinkSettings;
import io.cryptostream.ingest.KafkaTradeSink;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.TcpForwarder;
import io.cryptostream.servers.TestServers;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorProtocols;
import io.cryptostream.simulator.SimulatorServer;
import io.cryptostream.spark.CassandraWindowSink;
import io.cryptostream.spark.JobSettings;
import io.cryptostream.spark.KafkaSourceSettings;
import io.cryptostream.spark.KafkaTradeSource;
import io.cryptostream.spark.ReferenceAggregation;
import io.cryptostream.spark.SparkSessionFactory;
import io.cryptostream.spark.TradeWindowJob;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.Replication;
import io.cryptostream.store.StoreSchema;
import org.apache.pekko.actor.ActorSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Gap fill through the whole pipeline, every venue with a REST history in one run: each venue's simulator keeps
 * trades off its socket, ingest of each fills them from the simulator's history into one real Kafka topic, one real
 * Spark job aggregates the topic into a real Cassandra, and the rows equal the reference aggregation of every trade
 * the simulators emitted, exactly. Binance spot's history allows one request per window, so its fills meet 429s,
 * wait them out and still complete. A second run shows a fill behind the job's watermark counted, never lost in
 * silence.
 */
class GapFillEndToEndIT {

    /** Trades of each market on the venues whose ids show gaps; every {@link #EVERY_KTH}-th is kept off the socket. */
    private static final int TRADES = 45;
    private static final int EVERY_KTH = 10;
    /** Trades 10, 20, 30 and 40: the last trade (45) follows them, so each is a gap ingest sees. */
    private static final int DROPPED = TRADES / EVERY_KTH;
    /**
     * Bitstamp's ids are global, so it fills only the span of a reconnect, by time, from a history of whole seconds.
     * Its trades come more than a second apart, so a recovered trade keeps its order (and window) among the others.
     */
    private static final int BITSTAMP_TRADES = 10;
    private static final int BITSTAMP_DROPPED = 3;
    private static final Duration WITHIN = Duration.ofMinutes(3);
    /** The job's watermark delay, as the settings default it: every fill here lands within it. */
    private static final Duration WATERMARK = Duration.ofMinutes(5);
    private static final String KEY = "gap-fill-e2e-key";

    /** One venue's simulator and the ingest that reads it. */
    private record Feed(Venue venue, Market market, SimulatorServer simulator, IngestRun ingest) {
        int trades() {
            return venue.name().equals("bitstamp") ? BITSTAMP_TRADES : TRADES;
        }

        /**
         * Stops ingest (a failed run too, waiting at most a minute) and the simulator, whatever state the test left
         * them in; the test itself checks that ingest stops.
         */
        void close() {
            ingest.stop().toCompletableFuture().handle((done, error) -> done)
                    .completeOnTimeout(null, 60, TimeUnit.SECONDS).join();
            simulator.close();
        }
    }

    /** Where one test's pipeline runs: its own topic and keyspace on the shared servers, and its job's settings. */
    private record Pipeline(ServerEndpoints servers, String topic, CassandraSettings cassandra, JobSettings job,
                            Path work) {

        /** A pipeline whose job's watermark is {@code watermark} behind the newest event time. */
        static Pipeline of(Path work, Duration watermark) {
            ServerEndpoints servers = TestServers.shared().endpoints();
            String unique = Long.toHexString(System.nanoTime());
            String topic = "gapfill-" + unique;
            CassandraSettings cassandra = new CassandraSettings(servers.host(), servers.cassandraPort(),
                    servers.cassandraDatacenter(), "gapfill_" + unique, new Replication.SimpleStrategy(1));
            StoreSchema.ensure(cassandra);
            // As a run does: the job subscribes to a topic that exists, not one the first ingest creates meanwhile.
            TradesTopic.ensure(servers.kafkaBootstrapServers(), Map.of(),
                    TopicLayout.of(CryptostreamConfig.load(null, Map.of())), topic);
            JobSettings job = new JobSettings("local[2]", Duration.ofMinutes(1), watermark, Duration.ofSeconds(1),
                    work.resolve("checkpoint").toString(), 2, "gapfill-windows",
                    new KafkaSourceSettings(servers.kafkaBootstrapServers(), topic, "earliest", 10_000, true), cassandra);
            return new Pipeline(servers, topic, cassandra, job, work);
        }

        TradeWindowJob start(SparkSession spark) {
            return TradeWindowJob.start(spark, job, new KafkaTradeSource(job.kafka()), CassandraWindowSink.open(cassandra));
        }

        /** Waits until each feed's ingest delivered every trade its simulator emitted, then stops them and the job. */
        void drain(List<Feed> feeds, TradeWindowJob running) throws Exception {
            for (Feed feed : feeds) {
                await(feed.venue().name() + " delivering every trade it emitted").atMost(WITHIN)
                        .until(() -> feed.simulator().emittedTrades().size() == feed.trades()
                                && feed.ingest().metrics().trades() == feed.trades());
            }
            for (Feed feed : feeds) {
                feed.ingest().stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
            }
            running.processAllAvailable();
            running.stop();
        }
    }

    @Test
    void tradesKeptOffEveryVenuesSocketLandInCassandraFromTheRestHistory(@TempDir Path work) throws Exception {
        Pipeline pipeline = Pipeline.of(work, WATERMARK);
        SparkSession spark = SparkSessionFactory.create(pipeline.job());
        ActorSystem system = IngestService.actorSystem("gapfill-e2e", "WARNING");
        List<Feed> feeds = new ArrayList<>();
        try {
            TradeWindowJob job = pipeline.start(spark);
            feeds.add(feed("binance", "BTCUSDT", system, pipeline));
            feeds.add(feed("binance-futures", "BTCUSDT", system, pipeline));
            feeds.add(feed("coinbase", "BTC-USD", system, pipeline));
            feeds.add(feed("kraken", "BTC/USD", system, pipeline));
            Feed bitstamp = feed("bitstamp", "BTC-USD", system, pipeline);
            feeds.add(bitstamp);

            // The next trades are kept off Bitstamp's socket as it drops, so they fall inside the reconnect's span.
            await("Bitstamp's first trades").atMost(WITHIN).until(() -> bitstamp.ingest().metrics().trades() >= 3);
            bitstamp.simulator().dropTradesOnSocket(bitstamp.market(), BITSTAMP_DROPPED);
            assertThat(bitstamp.simulator().dropAllConnections()).isEqualTo(1);
            pipeline.drain(feeds, job);

            List<Trade> emitted = new ArrayList<>();
            for (Feed feed : feeds) {
                IngestMetricsSnapshot metrics = feed.ingest().metrics();
                List<Trade> dropped = feed.simulator().tradesDroppedOnSocket();
                if (feed == bitstamp) {
                    assertThat(dropped).hasSize(BITSTAMP_DROPPED);
                    // Trades sent while ingest reconnected are recovered too.
                    assertThat(metrics.gapFills().recovered()).isGreaterThanOrEqualTo(BITSTAMP_DROPPED);
                    assertThat(metrics.gapFills().reconnectSpans()).isEqualTo(1);
                } else {
                    assertThat(dropped).as(feed.venue().name()).hasSize(DROPPED);
                    assertThat(metrics.toTable()).as(feed.venue().name()).contains("gap fill: " + DROPPED
                            + " gaps found, 0 reconnect spans, " + DROPPED + " filled, " + DROPPED
                            + " trades recovered (0 behind the job's watermark");
                }
                assertThat(metrics.gapFills().unfillable()).as(feed.venue().name() + " unfillable gaps").isZero();
                assertThat(metrics.trades()).as(feed.venue().name()).isEqualTo(feed.trades());
                emitted.addAll(feed.simulator().emittedTrades());
            }
            assertThat(feeds.get(0).ingest().metrics().gapFills().rateLimited()).as("Binance's 429s waited out")
                    .isPositive();
            assertThat(job.metrics().lateTradesDropped()).isZero();
            try (CqlSession session = CassandraRows.session(pipeline.servers())) {
                String keyspace = pipeline.cassandra().keyspace();
                assertThat(CassandraRows.windows(session, keyspace))
                        .containsExactlyInAnyOrderElementsOf(ReferenceAggregation.ofOneBatch(emitted).directionWindows());
                assertThat(CassandraRows.candles(session, keyspace))
                        .containsExactlyInAnyOrderElementsOf(ReferenceAggregation.ofOneBatch(emitted).candles());
            }
        } finally {
            feeds.forEach(Feed::close);
            system.terminate();
            spark.stop();
        }
    }

    /**
     * With no watermark delay, fills that come back after the job has read newer trades are behind its watermark: the
     * job drops each and counts it, the windows hold exactly the trades the socket delivered, and ingest reports each
     * such fill. The history is reached through a door that stays shut until the job has read every live trade.
     */
    @Test
    void aFillBehindTheJobsWatermarkIsCountedAsLateNeverLostInSilence(@TempDir Path work) throws Exception {
        Pipeline pipeline = Pipeline.of(work, Duration.ZERO);
        SparkSession spark = SparkSessionFactory.create(pipeline.job());
        ActorSystem system = IngestService.actorSystem("gapfill-late", "WARNING");
        AtomicReference<TcpForwarder> door = new AtomicReference<>();
        List<Feed> feeds = new ArrayList<>();
        try {
            TradeWindowJob job = pipeline.start(spark);
            Feed coinbase = feed("coinbase", "BTC-USD", system, pipeline, (simulator, gapFill) -> {
                door.set(new TcpForwarder(SimulatorServer.HOST, simulator.port()));
                // Asked again every second while the door is shut, never given up.
                return new GapFillSettings(true, Optional.of(URI.create("http://" + SimulatorServer.HOST + ":"
                        + door.get().port())), gapFill.apiKey(), gapFill.queueCapacity(), 1_000,
                        Duration.ofMillis(200), Duration.ofSeconds(1), gapFill.watermark());
            });
            feeds.add(coinbase);
            int live = TRADES - DROPPED;
            await("the trades the socket delivered").atMost(WITHIN)
                    .until(() -> coinbase.ingest().metrics().trades() == live);
            await("the job reading them").atMost(WITHIN).until(() -> {
                job.processAllAvailable();
                return job.metrics().inputRecords() >= live;
            });
            door.get().open();
            pipeline.drain(feeds, job);

            IngestMetricsSnapshot.GapFills fills = coinbase.ingest().metrics().gapFills();
            assertThat(fills.recovered()).isEqualTo(DROPPED);
            assertThat(fills.recoveredLate()).as("recovered behind the watermark, reported by ingest").isEqualTo(DROPPED);
            assertThat(coinbase.ingest().metrics().toTable()).contains(DROPPED + " trades recovered (" + DROPPED
                    + " behind the job's watermark, counted late by the job)");
            assertThat(job.metrics().lateTradesDropped()).as("dropped by the job and counted").isEqualTo(DROPPED);
            List<Trade> delivered = new ArrayList<>(coinbase.simulator().emittedTrades());
            delivered.removeAll(coinbase.simulator().tradesDroppedOnSocket());
            try (CqlSession session = CassandraRows.session(pipeline.servers())) {
                assertThat(CassandraRows.candles(session, pipeline.cassandra().keyspace()))
                        .containsExactlyInAnyOrderElementsOf(ReferenceAggregation.ofOneBatch(delivered).candles());
            }
        } finally {
            feeds.forEach(Feed::close);
            if (door.get() != null) {
                door.get().close();
            }
            system.terminate();
            spark.stop();
        }
    }

    /**
     * {@code name}'s simulator trading {@code symbol}, and ingest of it into the pipeline's topic, filling from its
     * history and knowing the job's watermark, with a spool of its own.
     */
    private static Feed feed(String name, String symbol, ActorSystem system, Pipeline pipeline) {
        return feed(name, symbol, system, pipeline, (simulator, gapFill) -> gapFill);
    }

    /** As above, with gap fill settings of the test's own, given the simulator and the usual ones. */
    private static Feed feed(String name, String symbol, ActorSystem system, Pipeline pipeline,
                             BiFunction<SimulatorServer, GapFillSettings, GapFillSettings> gapFill) {
        Venue venue = Venues.named(name);
        Market market = venue.markets(List.of(symbol)).get(0);
        SimulatorConfig.Builder config = SimulatorConfig.builder().protocol(SimulatorProtocols.forVenue(venue))
                .heartbeatInterval(Duration.ofSeconds(1));
        config = switch (name) {
            case "bitstamp" -> config.tradesPerSecond(0.8).tradesPerMarket(BITSTAMP_TRADES).replayOnSubscribe(0);
            // One request per 3 s: the fills of gaps half a second apart are refused until the window ends.
            case "binance" -> config.tradesPerSecond(20).tradesPerMarket(TRADES).historyBudget(
                    new TradeHistory.Budget(TradeHistories.of(venue).requestWeight(), Duration.ofSeconds(3)));
            default -> config.tradesPerSecond(20).tradesPerMarket(TRADES);
        };
        if (venue.needsApiKey()) {
            config = config.apiKey(KEY);
        }
        SimulatorServer simulator = SimulatorServer.start(config.build());
        if (!name.equals("bitstamp")) {
            simulator.dropEveryKthTradeOnSocket(EVERY_KTH);
        }
        try {
            return new Feed(venue, market, simulator, ingest(venue, market, simulator, system, pipeline, gapFill));
        } catch (RuntimeException e) {
            simulator.close();
            throw e;
        }
    }

    private static IngestRun ingest(Venue venue, Market market, SimulatorServer simulator, ActorSystem system,
                                    Pipeline pipeline,
                                    BiFunction<SimulatorServer, GapFillSettings, GapFillSettings> gapFill) {
        String name = venue.name();
        IngestSettings.Builder ingest = IngestSettings.builder().url(simulator.uri()).markets(List.of(market))
                .gapFill(gapFill.apply(simulator, GapFillSettings.defaults().historyBase(simulator.historyUri())
                        .apiKey(Optional.of(ApiKey.of(KEY))).backoff(Duration.ofMillis(200), Duration.ofSeconds(5))
                        .watermark(pipeline.job().watermark())))
                .minReconnectDelay(Duration.ofMillis(100))
                .maxReconnectDelay(Duration.ofSeconds(1))
                .stopGracePeriod(Duration.ofSeconds(5));
        if (venue.needsApiKey()) {
            ingest.apiKey(ApiKey.of(KEY));
        }
        if (name.equals("kraken")) {
            // Kraken heartbeats about every second on a quiet connection, far more often than the default expects.
            ingest.heartbeatInterval(Duration.ofSeconds(2));
        }
        IngestSettings ingestSettings = ingest.build();
        return IngestService.run(system, IngestProtocols.forVenue(venue, ingestSettings), ingestSettings,
                new KafkaTradeSink(KafkaSinkSettings.of(pipeline.servers().kafkaBootstrapServers(), pipeline.topic())
                        .withSpool(pipeline.work().resolve("spool-" + name), KafkaSinkSettings.DEFAULT_SPOOL_MAX_BYTES)));
    }
}
