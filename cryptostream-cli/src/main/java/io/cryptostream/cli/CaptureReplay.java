package io.cryptostream.cli;

import io.cryptostream.ingest.MetricsServer;
import io.cryptostream.exchange.Venue;
import io.cryptostream.simulator.SimulatorProtocols;
import io.cryptostream.ingest.IngestProtocols;
import com.datastax.oss.driver.api.core.CqlSession;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.RejectedTradeJson;
import io.cryptostream.ingest.ApiKey;
import io.cryptostream.ingest.IngestMetricsSnapshot;
import io.cryptostream.ingest.IngestRun;
import io.cryptostream.ingest.IngestService;
import io.cryptostream.ingest.IngestSettings;
import io.cryptostream.ingest.KafkaOrderSink;
import io.cryptostream.domain.TradeFormat;
import io.cryptostream.ingest.KafkaSinkSettings;
import io.cryptostream.ingest.KafkaTradeSink;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import io.cryptostream.spark.CassandraOrderFlowSink;
import io.cryptostream.spark.CassandraWindowSink;
import io.cryptostream.spark.JobSettings;
import io.cryptostream.spark.KafkaSourceSettings;
import io.cryptostream.spark.KafkaOrderSource;
import io.cryptostream.spark.KafkaTradeSource;
import io.cryptostream.spark.OrderFlowJob;
import io.cryptostream.spark.SparkSessionFactory;
import io.cryptostream.spark.TradeWindowJob;
import io.cryptostream.store.Candle;
import io.cryptostream.store.CassandraSessions;
import io.cryptostream.store.StoreSchema;
import io.cryptostream.store.WindowQueries;
import org.apache.pekko.actor.ActorSystem;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Replays capture files through the whole real pipeline: a simulator per file speaking its venue's protocol serves
 * the captured frames verbatim, ingest subscribes to it and publishes to a topic of this replay's own, the Spark job
 * aggregates into Cassandra, and the replay ends when Cassandra holds every distinct trade of every file.
 */
final class CaptureReplay {

    /** A file and the venue whose frames it holds. */
    record Source(Path file, Venue venue) {
    }

    /** The watermark is global and only advances: files are served oldest first. */
    private static final Comparator<CaptureScan> SERVING_ORDER =
            Comparator.comparing(scan -> scan.firstEvent().orElse(Instant.EPOCH));

    private final CryptostreamConfig config;
    private final PrintStream out;
    private final PrintStream progress;
    private long lateTradesBefore;

    CaptureReplay(CryptostreamConfig config, PrintStream out, PrintStream progress) {
        this.config = config;
        this.out = out;
        this.progress = progress;
    }

    /** The scans, once every trade they hold is in Cassandra. */
    List<CaptureScan> run(List<Source> sources, double speed, Duration wait) {
        List<CaptureScan> scans = scan(sources);
        Endpoints endpoints = Endpoints.resolve(config, out);
        StoreSchema.ensure(endpoints.cassandra());
        ReplayRun replay = ReplayRun.of(sources, endpoints.kafkaBootstrapServers(), endpoints.cassandra().keyspace(),
                config.duration("spark.window"), config.workDir().resolve("checkpoints"));
        String topic = replay.tradesTopic();
        String ordersTopic = replay.ordersTopic();
        Path checkpoint = replay.checkpoint();
        if (replay.resumes()) {
            out.println("Resuming the earlier replay of these files from " + checkpoint + " (" + replay.deliveredCount()
                    + " of " + scans.size() + " files already in topic " + topic + ")");
        }
        Map<String, String> kafkaClient = KafkaClientProperties.of(config);
        TradesTopic.ensure(endpoints.kafkaBootstrapServers(), kafkaClient, TopicLayout.of(config), topic);
        // Kept after a complete replay, unlike the topic: it is the record of what was set aside.
        TradesTopic.ensure(endpoints.kafkaBootstrapServers(), kafkaClient, TopicLayout.of(config), RejectedTradeJson.topicOf(topic));
        JobSettings settings = new JobSettings(config.string("spark.master"), config.duration("spark.window"),
                watermarkFor(scans), Duration.ofSeconds(1), checkpoint.toString(),
                config.integer("spark.shuffle-partitions"), replay.queryName(),
                new KafkaSourceSettings(endpoints.kafkaBootstrapServers(), topic, "earliest", 200_000, true, kafkaClient),
                endpoints.cassandra());
        SparkSession spark = SparkSessionFactory.create(settings, config.properties("spark.conf"));
        ActorSystem system = IngestService.actorSystem("cryptostream-replay", "WARNING");
        List<ReplayedFeed> feeds = new ArrayList<>();
        boolean complete = false;
        try (CqlSession session = CassandraSessions.open(endpoints.cassandra());
             MetricsServer metrics = MetricsSettings.start(config, out);
             // The progress bar has the terminal's line, so the status goes to the log.
             StatusLine status = StatusLine.start(metrics, Optional.empty())) {
            CassandraWindowSink windows = CassandraWindowSink.open(endpoints.cassandra(), TradePipeline.outageBudget(config));
            TradeWindowJob job = TradeWindowJob.start(spark, settings, new KafkaTradeSource(settings.kafka()), windows);
            TradePipeline.observe(metrics, job, Optional.of(windows.writeCounts()), Optional.of(endpoints.cassandra()));
            Optional<OrderFlowJob> orderJob = Optional.empty();
            if (scans.stream().anyMatch(scan -> scan.orderFrames() > 0)) {
                TradesTopic.ensure(endpoints.kafkaBootstrapServers(), kafkaClient, TopicLayout.of(config), ordersTopic);
                JobSettings orderSettings = OrderFlowJob.settingsNextTo(settings, ordersTopic);
                orderJob = Optional.of(OrderFlowJob.start(spark, orderSettings, new KafkaOrderSource(orderSettings.kafka()),
                        CassandraOrderFlowSink.open(endpoints.cassandra(), TradePipeline.outageBudget(config))));
            }
            try {
                long deadline = System.nanoTime() + wait.toNanos();
                // Each file is aggregated before the next is served, so a 2021 capture is not "late" behind a 2024 one.
                scans.sort(SERVING_ORDER);
                WindowQueries queries = new WindowQueries(session, endpoints.cassandra());
                for (CaptureScan scan : scans) {
                    if (replay.delivered(scan.file())) {
                        out.println(scan.file() + ": already in topic " + topic + ", aggregating what is left of it");
                    } else {
                        ReplayedFeed feed = ReplayedFeed.start(scan, system,
                                TradePipeline.kafkaSink(config, endpoints.kafkaBootstrapServers(), topic),
                                TradePipeline.tradeFormat(config),
                                TradePipeline.kafkaSink(config, endpoints.kafkaBootstrapServers(), ordersTopic));
                        feeds.add(feed);
                        try (MetricsServer.Bound ingestMeters = TradePipeline.observe(metrics, feed.ingest,
                                Optional.of(endpoints.kafkaBootstrapServers()))) {
                            feed.serve(speed, new ProgressBar(progress, scan.file().getFileName().toString(), scan.servedFrames()));
                            feed.awaitDelivered(deadline);
                        }
                        replay.markDelivered(scan.file());
                    }
                    job.processAllAvailable();
                    orderJob.ifPresent(OrderFlowJob::processAllAvailable);
                    awaitInCassandra(queries, scan, job, deadline);
                }
                summarize(scans, feeds, job, endpoints);
                orderJob.ifPresent(orders -> out.println("Spark order flow: " + orders.metrics().inputRecords()
                        + " order events aggregated into " + StoreSchema.ORDER_FLOW_TABLE + ", "
                        + orders.metrics().lateEventsDropped() + " late events dropped"));
                complete = true;
            } finally {
                feeds.forEach(ReplayedFeed::close);
                orderJob.ifPresent(OrderFlowJob::stop);
                job.stop();
            }
            // Only a replay whose every trade is in Cassandra lets go of its topic and checkpoint; any other end
            // keeps both, and replaying the same files resumes from them.
            if (complete) {
                TradePipeline.deleteRecursively(checkpoint);
                try {
                    TradesTopic.delete(endpoints.kafkaBootstrapServers(), kafkaClient, List.of(topic, ordersTopic));
                } catch (RuntimeException e) {
                    out.println("Could not delete the replay's topics (delete them by hand): " + e.getMessage());
                }
            }
        } finally {
            system.terminate();
            spark.stop();
        }
        return scans;
    }

    /**
     * Serves the files through ingest into the trades topic ({@code kafka.topic}) only, oldest first, and returns the
     * scans once Kafka has acknowledged every distinct trade of each: a job already reading that topic (aggregate,
     * or the job submitted to a Spark cluster) aggregates them. The topic is the user's, so it stays.
     */
    List<CaptureScan> deliver(List<Source> sources, double speed, Duration wait) {
        List<CaptureScan> scans = scan(sources);
        String bootstrapServers = config.optionalString("kafka.bootstrap-servers")
                .orElseGet(() -> Endpoints.resolve(config, out).kafkaBootstrapServers());
        String topic = config.string("kafka.topic");
        String ordersTopic = config.string("kafka.orders-topic");
        Map<String, String> kafkaClient = KafkaClientProperties.of(config);
        TradesTopic.ensure(bootstrapServers, kafkaClient, TopicLayout.of(config), topic);
        if (scans.stream().anyMatch(scan -> scan.orderFrames() > 0)) {
            TradesTopic.ensure(bootstrapServers, kafkaClient, TopicLayout.of(config), ordersTopic);
        }
        ActorSystem system = IngestService.actorSystem("cryptostream-replay", "WARNING");
        try {
            long deadline = System.nanoTime() + wait.toNanos();
            scans.sort(SERVING_ORDER);
            for (CaptureScan scan : scans) {
                try (ReplayedFeed feed = ReplayedFeed.start(scan, system,
                        TradePipeline.kafkaSink(config, bootstrapServers, topic), TradePipeline.tradeFormat(config),
                        TradePipeline.kafkaSink(config, bootstrapServers, ordersTopic))) {
                    feed.serve(speed, new ProgressBar(progress, scan.file().getFileName().toString(), scan.servedFrames()));
                    feed.awaitDelivered(deadline);
                }
                out.printf("%s: %,d distinct trades delivered to topic %s at %s%n", scan.file().getFileName(),
                        scan.distinctTradeCount(), topic, bootstrapServers);
            }
        } finally {
            system.terminate();
        }
        return scans;
    }

    private List<CaptureScan> scan(List<Source> sources) {
        List<CaptureScan> scans = new ArrayList<>();
        for (Source source : sources) {
            out.println("Reading " + source.file() + " as " + source.venue().name() + "...");
            CaptureScan scan = CaptureScan.of(source.file(), source.venue());
            out.printf("  %,d lines: %,d trade frames with %,d trades (%,d distinct) in %d markets, %,d order frames, %,d lines skipped%n",
                    scan.lines(), scan.tradeFrames(), scan.tradesInFrames(), scan.distinctTradeCount(), scan.markets().size(),
                    scan.orderFrames(), scan.skippedLines());
            if (scan.servedFrames() == 0) {
                throw new IllegalArgumentException(source.file() + " holds no " + source.venue().name()
                        + " trade frames; is --venue right? Skipped lines: " + scan.skipped());
            }
            scans.add(scan);
        }
        return scans;
    }

    /**
     * A capture is history: none of its trades should be late. Files are served one after another, oldest first,
     * so the watermark must cover the largest step back in event time within a file (sample files mix messages from
     * different years) and from the end of one file to the start of a later, overlapping one; never less than
     * configured.
     */
    private Duration watermarkFor(List<CaptureScan> scans) {
        Duration window = config.duration("spark.window");
        Duration stepBack = Duration.ZERO;
        Instant newestServed = null;
        List<CaptureScan> inServingOrder = new ArrayList<>(scans);
        inServingOrder.sort(SERVING_ORDER);
        for (CaptureScan scan : inServingOrder) {
            stepBack = max(stepBack, scan.disorder());
            Instant first = scan.firstEvent().orElseThrow();
            if (newestServed != null && first.isBefore(newestServed)) {
                stepBack = max(stepBack, Duration.between(first, newestServed));
            }
            Instant last = scan.lastEvent().orElseThrow();
            newestServed = newestServed == null || last.isAfter(newestServed) ? last : newestServed;
        }
        Duration needed = stepBack.plus(window);
        Duration watermark = config.duration("spark.watermark");
        if (needed.compareTo(watermark) > 0) {
            out.println("Watermark for this replay: " + needed.toSeconds() + " s, so the files' own disorder in event time "
                    + "makes no trade late (configured: " + watermark.toSeconds() + " s)");
            return needed;
        }
        return watermark;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * Waits until Cassandra's candles hold the scan's distinct trades, less any the watermark dropped (counted since
     * the previous file). A keyspace that already held other trades of the same minutes may hold more: that is
     * not a failure of this replay.
     */
    private void awaitInCassandra(WindowQueries queries, CaptureScan scan, TradeWindowJob job, long deadline) {
        Instant from = scan.firstEvent().orElseThrow().truncatedTo(ChronoUnit.MINUTES);
        Instant to = scan.lastEvent().orElseThrow().plus(config.duration("spark.window"));
        while (true) {
            long missing = 0;
            StringBuilder detail = new StringBuilder();
            for (Map.Entry<Market, Long> expected : scan.distinctTrades().entrySet()) {
                long stored = queries.candles(expected.getKey(), from, to).stream().mapToLong(Candle::trades).sum();
                if (stored < expected.getValue()) {
                    missing += expected.getValue() - stored;
                    detail.append(String.format(" %s: %,d of %,d;", expected.getKey(), stored, expected.getValue()));
                }
            }
            long late = job.metrics().lateTradesDropped() - lateTradesBefore;
            if (missing <= late) {
                lateTradesBefore += late;
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Not every replayed trade of " + scan.file() + " reached Cassandra in time ("
                        + late + " dropped as late):" + detail);
            }
            sleep(500);
        }
    }

    private void summarize(List<CaptureScan> scans, List<ReplayedFeed> feeds, TradeWindowJob job, Endpoints endpoints) {
        out.println();
        out.println("Replay complete: every distinct trade is aggregated in Cassandra keyspace "
                + endpoints.cassandra().keyspace() + " at " + endpoints.cassandra().address());
        TextTable table = new TextTable(List.of("file", "venue", "frames", "trades", "markets", "first trade (UTC)",
                "last trade (UTC)", "gaps", "skipped lines"));
        for (CaptureScan scan : scans) {
            // A file delivered by an earlier, interrupted run has no ingest run in this one to count gaps.
            String gaps = feeds.stream().filter(feed -> feed.scan == scan).findFirst()
                    .map(feed -> Long.toString(feed.ingest.metrics().gaps())).orElse("-");
            table.add(List.of(scan.file().getFileName().toString(), scan.venue().name(), Long.toString(scan.servedFrames()),
                    Long.toString(scan.distinctTradeCount()), Integer.toString(scan.markets().size()),
                    scan.firstEvent().map(WindowTables::iso).orElse(""), scan.lastEvent().map(WindowTables::iso).orElse(""),
                    gaps, Long.toString(scan.skippedLines())));
        }
        out.print(table.render());
        for (CaptureScan scan : scans) {
            if (!scan.skipped().isEmpty()) {
                out.println("Skipped in " + scan.file().getFileName() + ": " + scan.skipped());
            }
        }
        for (ReplayedFeed feed : feeds) {
            Map<String, Long> excluded = feed.ingest.metrics().excludedByKind();
            if (!excluded.isEmpty()) {
                out.println("Left out of candles by the venue in " + feed.scan.file().getFileName() + ": " + excluded);
            }
        }
        out.println("Spark: " + job.metrics().inputRecords() + " records, " + job.metrics().lateTradesDropped()
                + " late trades dropped by the watermark");
        scans.forEach(scan -> scan.distinctTrades().forEach((market, count) ->
                out.printf("  %-28s %,10d trades%n", market.key(), count)));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Cassandra", e);
        }
    }

    /** One file's simulator and ingest run. */
    private static final class ReplayedFeed implements AutoCloseable {
        /** Ingest subscribes within seconds; a minute covers a slow machine and the first connection's retries. */
        private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(60);

        private final CaptureScan scan;
        private final SimulatorServer simulator;
        private final IngestRun ingest;

        private ReplayedFeed(CaptureScan scan, SimulatorServer simulator, IngestRun ingest) {
            this.scan = scan;
            this.simulator = simulator;
            this.ingest = ingest;
        }

        static ReplayedFeed start(CaptureScan scan, ActorSystem system, KafkaSinkSettings trades, TradeFormat format,
                                  KafkaSinkSettings orders) {
            Venue venue = scan.venue();
            String key = "replay";
            SimulatorServer simulator = SimulatorServer.start(SimulatorConfig.builder()
                    .protocol(SimulatorProtocols.forVenue(venue))
                    .apiKey(venue.needsApiKey() ? key : null)
                    .tradesPerMarket(0).replayOnSubscribe(0).recordEmittedTrades(false)
                    .heartbeatInterval(venue.liveness().heartbeatInterval())
                    .build(), system);
            IngestSettings.Builder builder = IngestSettings.builder().url(simulator.uri())
                    .markets(new ArrayList<>(scan.markets())).heartbeatInterval(venue.liveness().heartbeatInterval())
                    .minReconnectDelay(Duration.ofSeconds(1))
                    // The job counts what the topic holds, so each trade must reach it once: ingest remembers every
                    // trade of the file, and a file served again after an interrupted run is checked against as
                    // many of the topic's last records as the file has trades.
                    .dedupeWindow(Math.max(IngestSettings.DEFAULT_DEDUPE_WINDOW,
                            scan.distinctTrades().values().stream().mapToInt(Long::intValue).max().orElse(0)))
                    .dedupeTail((int) Math.min(Integer.MAX_VALUE, scan.distinctTradeCount()));
            if (venue.needsApiKey()) {
                builder.apiKey(ApiKey.of(key));
            }
            IngestSettings settings = builder.build();
            IngestRun ingest = IngestService.run(system, IngestProtocols.forVenue(venue, settings), settings,
                    new KafkaTradeSink(trades, format), venue.carriesOrders() ? Optional.of(new KafkaOrderSink(orders)) : Optional.empty());
            return new ReplayedFeed(scan, simulator, ingest);
        }

        /** Waits for ingest's subscriptions, then serves every frame, paced by {@code speed} (0: as fast as taken). */
        void serve(double speed, ProgressBar bar) {
            long deadline = System.nanoTime() + SUBSCRIBE_TIMEOUT.toNanos();
            while (!simulator.subscribedMarkets().containsAll(scan.markets())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Ingest did not subscribe to " + scan.markets() + " at the replay's "
                            + "local simulator " + simulator.uri() + " within " + SUBSCRIBE_TIMEOUT.toSeconds()
                            + " s (subscribed: " + simulator.subscribedMarkets() + "); the log above says why ingest"
                            + " could not connect or which subscription the simulator refused");
                }
                sleep(50);
            }
            long startNanos = System.nanoTime();
            Instant[] firstReceived = new Instant[1];
            long[] served = new long[1];
            scan.forEachServedFrame(frame -> {
                if (speed > 0 && frame.receivedAt().isPresent()) {
                    Instant received = frame.receivedAt().get();
                    if (firstReceived[0] == null) {
                        firstReceived[0] = received;
                    }
                    long dueNanos = (long) (Duration.between(firstReceived[0], received).toNanos() / speed);
                    long waitNanos = dueNanos - (System.nanoTime() - startNanos);
                    if (waitNanos > 0) {
                        TimeUnit.NANOSECONDS.sleep(waitNanos);
                    }
                }
                simulator.publish(frame.market(), frame.frame());
                bar.update(++served[0]);
            });
            bar.finish();
        }

        /** Waits until ingest has delivered every distinct trade to Kafka, then stops it (which flushes). */
        void awaitDelivered(long deadline) {
            while (ingest.metrics().trades() < scan.distinctTradeCount()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Ingest delivered " + ingest.metrics().trades() + " of "
                            + scan.distinctTradeCount() + " trades of " + scan.file() + " in time");
                }
                sleep(100);
            }
            ingest.stop().toCompletableFuture().join();
        }

        @Override
        public void close() {
            ingest.stop();
            simulator.close();
        }
    }
}
