package io.cryptostream.cli;

import io.cryptostream.ingest.MetricsServer;
import io.cryptostream.domain.RejectedTradeJson;
import io.cryptostream.domain.TradeFormat;
import io.cryptostream.ingest.InProcessOrderSink;
import io.cryptostream.ingest.InProcessTradeSink;
import io.cryptostream.ingest.KafkaOrderSink;
import io.cryptostream.ingest.OrderSink;
import io.cryptostream.ingest.IngestRun;
import io.cryptostream.ingest.KafkaSinkSettings;
import io.cryptostream.ingest.KafkaTradeSink;
import io.cryptostream.ingest.TradeSink;
import io.cryptostream.spark.CassandraOrderFlowSink;
import io.cryptostream.spark.CassandraWindowSink;
import io.cryptostream.spark.CassandraWriteCounts;
import io.cryptostream.spark.ConsoleOrderFlowSink;
import io.cryptostream.spark.ConsoleWindowSink;
import io.cryptostream.spark.JobSettings;
import io.cryptostream.spark.KafkaSourceSettings;
import io.cryptostream.spark.KafkaOrderSource;
import io.cryptostream.spark.JobMetrics;
import io.cryptostream.spark.KafkaTradeSource;
import io.cryptostream.spark.MemoryOrderSource;
import io.cryptostream.spark.MemoryTradeSource;
import io.cryptostream.spark.OrderFlowJob;
import io.cryptostream.spark.OutageBudget;
import io.cryptostream.spark.SparkSessionFactory;
import io.cryptostream.spark.TradeWindowJob;
import io.cryptostream.store.CassandraSessions;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.StoreSchema;
import io.cryptostream.store.WindowQueries;
import com.datastax.oss.driver.api.core.CqlSession;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole pipeline in one process: a trade feed, ingest, and the Spark window job, in Kafka mode (ingest →
 * Kafka → Spark → Cassandra) or memory mode (ingest → Spark in-process → console).
 */
final class TradePipeline {

    static final String KAFKA = "kafka";
    static final String MEMORY = "memory";
    static final String MAX_EVENT_TIME_AHEAD = "trade-check.max-event-time-ahead";
    static final String KAFKA_FORMAT = "kafka.format";
    /** The parts of the pipeline as the readiness check names them. */
    private static final String INGEST = "ingest";
    private static final String SPARK_JOB = "Spark job";

    private final CryptostreamConfig config;
    private final PrintStream out;
    private int dashboardPort;

    TradePipeline(CryptostreamConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    /** In Kafka mode, also serve the candle dashboard on {@code port} while it runs (0: none). */
    TradePipeline withDashboard(int port) {
        this.dashboardPort = port;
        return this;
    }

    /**
     * Runs for {@code runFor} (empty: until interrupted), then stops ingest, lets Spark aggregate everything ingest
     * delivered, and stops. {@code showEvery}, in Kafka mode, prints the newest windows read back from Cassandra.
     */
    void run(String mode, Optional<Duration> runFor, Optional<Duration> showEvery) {
        if (!mode.equals(KAFKA) && !mode.equals(MEMORY)) {
            throw new IllegalArgumentException("Unknown mode '" + mode + "': use kafka or memory");
        }
        // Memory mode prints each micro-batch's windows, and showEvery the newest windows: then the progress goes to
        // the log, not over them.
        boolean inPlace = mode.equals(KAFKA) && showEvery.isEmpty();
        try (MetricsServer metrics = MetricsSettings.start(config, out);
             StatusLine status = StatusLine.start(metrics, inPlace ? StatusLine.terminal(out) : Optional.empty())) {
            metrics.readiness().starting(SPARK_JOB);
            metrics.readiness().starting(INGEST);
            if (mode.equals(KAFKA)) {
                runKafka(runFor, showEvery, metrics, status);
            } else {
                runMemory(runFor, metrics);
            }
        }
    }

    private void runKafka(Optional<Duration> runFor, Optional<Duration> showEvery, MetricsServer metrics,
                          StatusLine status) {
        Endpoints endpoints = Endpoints.resolve(config, out);
        boolean withOrders = TradeFeed.venueOf(config).carriesOrders();
        KafkaJob kafkaJob = startKafkaJob(endpoints, withOrders);
        observe(metrics, kafkaJob.job(), Optional.of(kafkaJob.writes()), Optional.of(endpoints.cassandra()));
        try (CqlSession session = CassandraSessions.open(endpoints.cassandra())) {
            WindowQueries queries = new WindowQueries(session, endpoints.cassandra());
            Optional<DashboardServer> dashboard = dashboard(queries, PipelineMetrics.of(metrics));
            ScheduledExecutorService printer = Executors.newSingleThreadScheduledExecutor(daemon("window-printer"));
            showEvery.ifPresent(every -> printer.scheduleAtFixedRate(() -> showLatest(queries, "Latest aggregates in Cassandra"),
                    every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS));
            try {
                ingest(runFor, new KafkaTradeSink(kafkaSink(config, endpoints.kafkaBootstrapServers(),
                        kafkaJob.settings().kafka().topic()), tradeFormat(config)), withOrders ? Optional.of(new KafkaOrderSink(
                        kafkaSink(config, endpoints.kafkaBootstrapServers(), ordersTopic()))) : Optional.empty(),
                        metrics, Optional.of(endpoints.kafkaBootstrapServers()));
                status.close();
                out.println("Ingest stopped; letting Spark aggregate every delivered trade...");
                kafkaJob.processAllAvailable();
            } finally {
                printer.shutdownNow();
                kafkaJob.stop(out);
                dashboard.ifPresent(DashboardServer::close);
            }
            showEvery.ifPresent(every -> showLatest(queries, "Final aggregates read back from Cassandra"));
        }
    }

    /** Only the Spark job: the trades topic into Cassandra, until {@code runFor} ends or the JVM is interrupted. */
    void runJobOnly(Optional<Duration> runFor, boolean withOrders) {
        try (MetricsServer metrics = MetricsSettings.start(config, out)) {
            metrics.readiness().starting(SPARK_JOB);
            Endpoints endpoints = Endpoints.resolve(config, out);
            KafkaJob kafkaJob = startKafkaJob(endpoints, withOrders);
            observe(metrics, kafkaJob.job(), Optional.of(kafkaJob.writes()), Optional.of(endpoints.cassandra()));
            String source = endpoints.kafkaBootstrapServers();
            metrics.readiness().check("Kafka", () -> Reachability.kafka(source));
            awaitJob(kafkaJob, runFor);
        }
    }

    private void awaitJob(KafkaJob kafkaJob, Optional<Duration> runFor) {
        try {
            if (runFor.isPresent()) {
                kafkaJob.job().awaitTermination(runFor.get());
                kafkaJob.processAllAvailable();
            } else {
                kafkaJob.job().awaitTermination();
            }
        } finally {
            kafkaJob.stop(out);
        }
    }

    private KafkaJob startKafkaJob(Endpoints endpoints, boolean withOrders) {
        // Kafka first: its check answers in seconds, while creating a keyspace can take a while.
        String topic = config.string("kafka.topic");
        Map<String, String> clientProperties = KafkaClientProperties.of(config);
        TradesTopic.ensure(endpoints.kafkaBootstrapServers(), clientProperties, TopicLayout.of(config), topic);
        TradesTopic.ensure(endpoints.kafkaBootstrapServers(), clientProperties, TopicLayout.of(config), RejectedTradeJson.topicOf(topic));
        out.println("Cassandra schema: keyspace " + endpoints.cassandra().keyspace() + " at " + endpoints.cassandra().address());
        StoreSchema.ensure(endpoints.cassandra());
        JobSettings settings = jobSettings(KAFKA)
                .withKafka(kafkaSource(endpoints.kafkaBootstrapServers(), topic))
                .withCassandra(endpoints.cassandra());
        SparkSession spark = SparkSessionFactory.create(settings, config.properties("spark.conf"));
        try {
            CassandraWindowSink windows = CassandraWindowSink.open(settings.cassandra(), outageBudget(config));
            TradeWindowJob job = TradeWindowJob.start(spark, settings, new KafkaTradeSource(settings.kafka()), windows);
            out.println("Spark job reading topic " + topic + " at " + endpoints.kafkaBootstrapServers() + " into Cassandra, checkpoint "
                    + settings.checkpointDir());
            Optional<OrderFlowJob> orderJob = Optional.empty();
            if (withOrders) {
                TradesTopic.ensure(endpoints.kafkaBootstrapServers(), clientProperties, TopicLayout.of(config), ordersTopic());
                JobSettings orderSettings = OrderFlowJob.settingsNextTo(settings, ordersTopic());
                orderJob = Optional.of(OrderFlowJob.start(spark, orderSettings, new KafkaOrderSource(orderSettings.kafka()),
                        CassandraOrderFlowSink.open(orderSettings.cassandra(), outageBudget(config))));
                out.println("Spark order-flow job reading topic " + ordersTopic() + " into Cassandra table "
                        + StoreSchema.ORDER_FLOW_TABLE);
            }
            return new KafkaJob(spark, settings, job, orderJob, windows.writeCounts());
        } catch (RuntimeException e) {
            spark.stop();
            throw e;
        }
    }

    private String ordersTopic() {
        return config.string("kafka.orders-topic");
    }

    /** The running Kafka-mode jobs and the session they share. */
    private record KafkaJob(SparkSession spark, JobSettings settings, TradeWindowJob job, Optional<OrderFlowJob> orderJob,
                            CassandraWriteCounts writes) {
        void processAllAvailable() {
            job.processAllAvailable();
            orderJob.ifPresent(OrderFlowJob::processAllAvailable);
        }

        void stop(PrintStream out) {
            if (!job.query().isActive() && spark.sparkContext().isStopped()) {
                return;
            }
            out.println("Spark: " + job.metrics().inputRecords() + " records in " + job.metrics().batches()
                    + " batches, " + job.metrics().lateTradesDropped() + " late trades dropped by the watermark, "
                    + rejectedSummary(job));
            orderJob.ifPresent(orders -> out.println("Spark order flow: " + orders.metrics().inputRecords()
                    + " order events, " + orders.metrics().lateEventsDropped() + " late events dropped, "
                    + orders.metrics().malformedRecords() + " malformed records set aside"));
            orderJob.ifPresent(OrderFlowJob::stop);
            job.stop();
            spark.stop();
        }
    }

    /**
     * The job's meters, and its part of the readiness: its query runs and, when it writes there, Cassandra answers.
     */
    static void observe(MetricsServer metrics, TradeWindowJob job, Optional<CassandraWriteCounts> writes,
                        Optional<CassandraSettings> cassandra) {
        metrics.bind(JobMetrics.listen(job, writes));
        metrics.readiness().check(SPARK_JOB, () -> job.query().isActive() ? List.of()
                : List.of("Spark query " + job.query().name() + " stopped"));
        cassandra.ifPresent(sink -> metrics.readiness().check("Cassandra",
                () -> Reachability.cassandra(sink.host(), sink.port())));
    }

    private void runMemory(Optional<Duration> runFor, MetricsServer metrics) {
        JobSettings settings = jobSettings(MEMORY);
        // An in-process source cannot be replayed, so its checkpoint is never resumed.
        deleteRecursively(Path.of(settings.checkpointDir()));
        boolean withOrders = TradeFeed.venueOf(config).carriesOrders();
        SparkSession spark = SparkSessionFactory.create(settings, config.properties("spark.conf"));
        try {
            MemoryTradeSource source = new MemoryTradeSource(spark,
                    config.workDir().resolve("rejected").resolve("trades.jsonl"));
            TradeWindowJob job = TradeWindowJob.start(spark, settings, source, new ConsoleWindowSink(out));
            observe(metrics, job, Optional.empty(), Optional.empty());
            Optional<MemoryOrderSource> orderSource = withOrders ? Optional.of(new MemoryOrderSource(spark)) : Optional.empty();
            Optional<OrderFlowJob> orderJob = orderSource.map(orders -> OrderFlowJob.start(spark,
                    OrderFlowJob.settingsNextTo(settings, ordersTopic()), orders, new ConsoleOrderFlowSink(out)));
            try {
                ingest(runFor, new InProcessTradeSink(source::add),
                        orderSource.map(orders -> new InProcessOrderSink(orders::add)), metrics, Optional.empty());
                job.processAllAvailable();
                orderJob.ifPresent(OrderFlowJob::processAllAvailable);
                out.println("Spark: " + job.metrics().inputRecords() + " trades in " + job.metrics().batches()
                        + " batches, " + job.metrics().lateTradesDropped() + " late trades dropped by the watermark, "
                        + rejectedSummary(job));
                orderJob.ifPresent(orders -> out.println("Spark order flow: " + orders.metrics().inputRecords()
                        + " order events, " + orders.metrics().lateEventsDropped() + " late events dropped"));
            } finally {
                orderJob.ifPresent(OrderFlowJob::stop);
                job.stop();
            }
        } finally {
            spark.stop();
        }
    }

    /** @param kafka the bootstrap servers the sinks deliver to; empty for in-process sinks */
    private void ingest(Optional<Duration> runFor, TradeSink trades, Optional<OrderSink> orders, MetricsServer metrics,
                        Optional<String> kafka) {
        try (TradeFeed feed = TradeFeed.open(config, runFor)) {
            out.println("Ingesting " + feed.ingestSettings().markets().size() + " markets from " + feed.description()
                    + runFor.map(d -> " for " + d.toSeconds() + " s").orElse(" until interrupted (Ctrl-C)"));
            IngestRun run = feed.ingest(trades, orders, protocol -> protocol);
            observe(metrics, run, kafka);
            Thread stopOnInterrupt = new Thread(() -> run.stop().toCompletableFuture().join(), "stop-ingest");
            Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
            try {
                run.completion().toCompletableFuture().join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            } finally {
                removeHook(stopOnInterrupt);
                out.print(run.metrics().toTable());
                run.spools().forEach(spool -> out.println(spool.summary()));
            }
        }
    }

    /** The run's meters, and its part of the readiness: every market subscribed and, with Kafka sinks, Kafka answering. */
    static MetricsServer.Bound observe(MetricsServer metrics, IngestRun run, Optional<String> kafka) {
        metrics.readiness().check(INGEST, () -> run.unsubscribedMarkets().stream()
                .map(market -> market.exchange() + " " + market.symbol() + " not subscribed").toList());
        kafka.ifPresent(servers -> metrics.readiness().check("Kafka", () -> Reachability.kafka(servers)));
        MetricsServer.Bound meters = metrics.bind(run.meters());
        return () -> {
            meters.close();
            metrics.readiness().remove(INGEST);
        };
    }

    /** How long the Spark job waits out a Cassandra outage, and how often it tries again meanwhile. */
    static OutageBudget outageBudget(CryptostreamConfig config) {
        return new OutageBudget(config.duration("cassandra.outage-budget"),
                config.duration("cassandra.outage-backoff.first-delay"),
                config.duration("cassandra.outage-backoff.max-delay"));
    }

    /**
     * The trades topic's record format ({@value #KAFKA_FORMAT}: avro or json, any case).
     *
     * @throws BadSettingException naming the flag or setting when it is neither
     */
    static TradeFormat tradeFormat(CryptostreamConfig config) {
        String chosen = config.string(KAFKA_FORMAT);
        return TradeFormat.named(chosen)
                .orElseThrow(() -> config.invalid(KAFKA_FORMAT, "must be avro or json, was '" + chosen.strip() + "'"));
    }

    /**
     * The ingest producer's settings: the Kafka client properties (SASL, TLS) and the spool that keeps what Kafka does
     * not take while it is away ({@code cryptostream.ingest.spool}, default {@code <work-dir>/spool}).
     */
    static KafkaSinkSettings kafkaSink(CryptostreamConfig config, String bootstrapServers, String topic) {
        Path spoolDir = config.optionalString("ingest.spool.dir").map(Path::of)
                .orElse(config.workDir().resolve("spool"));
        return KafkaSinkSettings.of(bootstrapServers, topic).withExtraProperties(KafkaClientProperties.of(config))
                .withSpool(spoolDir.toAbsolutePath(), config.bytes("ingest.spool.max-bytes"));
    }

    private KafkaSourceSettings kafkaSource(String bootstrapServers, String topic) {
        return new KafkaSourceSettings(bootstrapServers, topic, config.string("kafka.starting-offsets"),
                config.integer("kafka.max-offsets-per-trigger"), KafkaSourceSettings.defaults().failOnDataLoss(),
                KafkaClientProperties.of(config));
    }

    /** How many records the check rejected, where they are, and their reasons. */
    private static String rejectedSummary(TradeWindowJob job) {
        return job.metrics().rejectedRecords() + " records rejected and set aside in "
                + job.rejectedRecords().describe() + (job.metrics().rejectedRecords() == 0 ? ""
                : " (by reason and exchange: " + job.metrics().rejectedByReasonAndExchange() + ")");
    }

    JobSettings jobSettings(String mode) {
        Path checkpoint = config.optionalString("spark.checkpoint-dir").map(Path::of)
                .orElse(config.workDir().resolve("checkpoints").resolve(mode));
        JobSettings defaults = JobSettings.defaults();
        return new JobSettings(config.string("spark.master"), config.duration("spark.window"),
                config.duration("spark.watermark"), config.duration("spark.trigger"),
                checkpoint.toAbsolutePath().toString(), config.integer("spark.shuffle-partitions"),
                defaults.queryName(), defaults.kafka(), defaults.cassandra(), config.duration(MAX_EVENT_TIME_AHEAD));
    }

    /** A dashboard that cannot listen does not stop the run: it is only a view. */
    private Optional<DashboardServer> dashboard(WindowQueries queries, PipelineMetrics pipeline) {
        if (dashboardPort == 0) {
            return Optional.empty();
        }
        try {
            DashboardServer server = DashboardServer.start(queries, pipeline, dashboardPort);
            out.println("Live candles while it runs: " + server.uri() + " (afterwards: ./cryptostream dashboard)");
            return Optional.of(server);
        } catch (IllegalStateException e) {
            out.println("No dashboard: " + e.getMessage());
            return Optional.empty();
        }
    }

    private void showLatest(WindowQueries queries, String title) {
        try {
            var rows = queries.latestWindows(15);
            out.println();
            out.println(title + " (" + rows.size() + " newest window rows):");
            out.print(rows.isEmpty() ? "  (none yet: the first Spark batch takes about 10 s)\n" : WindowTables.windows(rows));
        } catch (RuntimeException e) {
            out.println("Could not read aggregates back from Cassandra: " + e.getMessage());
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting; the hook is running or will run.
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
