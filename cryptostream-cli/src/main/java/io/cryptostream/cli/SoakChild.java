package io.cryptostream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptostream.domain.RejectReason;
import io.cryptostream.domain.TradeCheck;
import io.cryptostream.ingest.IngestMetricsSnapshot;
import io.cryptostream.ingest.IngestRun;
import io.cryptostream.ingest.IngestService;
import io.cryptostream.ingest.IngestSettings;
import io.cryptostream.ingest.KafkaSinkSettings;
import io.cryptostream.ingest.KafkaTradeSink;
import io.cryptostream.servers.ParentChannel;
import io.cryptostream.spark.CassandraWindowSink;
import io.cryptostream.spark.JobSettings;
import io.cryptostream.spark.KafkaSourceSettings;
import io.cryptostream.spark.KafkaTradeSource;
import io.cryptostream.spark.SparkSessionFactory;
import io.cryptostream.spark.TradeWindowJob;
import org.apache.pekko.actor.ActorSystem;
import org.apache.spark.sql.SparkSession;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ingest or the Spark job of a soak, each in a JVM of its own so its resident memory is its own:
 * {@code SoakChild ingest|spark SETTINGS.conf RESULT.json [SIMULATOR-URL]}. It prints {@code ready} once running,
 * takes {@code drain} (Spark: aggregate everything in the topic, then print {@code drained}) and {@code stop} on
 * stdin, writes its counters to the result file and exits. Stdout carries only these lines; logs go to stderr.
 */
public final class SoakChild {

    static final String READY = "ready";
    static final String DRAINED = "drained";
    static final String DRAIN = "drain";
    static final String STOP = "stop";
    static final String INGEST = "ingest";
    static final String SPARK = "spark";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Recent ids remembered per market: more than the simulator replays on a resubscribe in a soak. */
    private static final int DEDUPE_WINDOW = 16_384;

    /**
     * What ingest counted; trades are unique trades handed to Kafka, invalid ones those its trade check set aside
     * (into the dead-letter topic).
     */
    record IngestResult(long trades, long duplicates, long malformed, long unhandled, long connections,
                        long reconnects, long staleConnections, Map<String, Long> rejectedByVenue,
                        Map<RejectReason, Long> invalidTradesByReason) {
    }

    /** What the Spark job counted; rejected records are those its trade check set aside. */
    record SparkResult(long inputRecords, long batches, long lateTradesDropped, long rejectedRecords,
                       Map<RejectReason, Long> rejectedByReason) {
    }

    private SoakChild() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: SoakChild ingest|spark SETTINGS.conf RESULT.json [SIMULATOR-URL]");
        }
        ParentChannel soak = ParentChannel.open();
        CryptostreamConfig config = CryptostreamConfig.load(Path.of(args[1]), Map.of());
        Object result = switch (args[0]) {
            case INGEST -> ingest(config, URI.create(args[3]), soak);
            case SPARK -> spark(config, soak);
            default -> throw new IllegalArgumentException("unknown soak child mode " + args[0]);
        };
        JSON.writeValue(Path.of(args[2]).toFile(), result);
        ParentChannel.exit();
    }

    private static IngestResult ingest(CryptostreamConfig config, URI simulator, ParentChannel soak) throws Exception {
        IngestSettings settings = IngestSettings.builder()
                .url(simulator)
                .subscriptions(config.strings("watchlist"))
                .heartbeatInterval(config.duration("simulator.heartbeat-interval"))
                // A local simulator takes reconnects at once; the soak's faults come faster than the real venue's
                // 60 s backoff reset, so the backoff resets sooner too.
                .minReconnectDelay(Duration.ofMillis(500))
                .maxReconnectDelay(Duration.ofSeconds(4))
                .backoffResetAfter(Duration.ofSeconds(5))
                .dedupeWindow(DEDUPE_WINDOW)
                .tradeCheck(new TradeCheck(config.duration(TradePipeline.MAX_EVENT_TIME_AHEAD)))
                .build();
        KafkaSinkSettings sink = TradePipeline.kafkaSink(config, config.string("kafka.bootstrap-servers"),
                config.string("kafka.topic"));
        ActorSystem system = IngestService.actorSystem("soak-ingest", "WARNING");
        try {
            IngestRun run = IngestService.run(system, settings, new KafkaTradeSink(sink, TradePipeline.tradeFormat(config)));
            run.completion().whenComplete((done, error) -> {
                if (error != null) {
                    System.err.println("Ingest failed: " + error);
                    Runtime.getRuntime().halt(1);
                }
            });
            soak.say(READY);
            soak.awaitCommand(STOP);
            run.stop().toCompletableFuture().get(120, TimeUnit.SECONDS);
            IngestMetricsSnapshot m = run.metrics();
            return new IngestResult(m.trades(), m.duplicates(), m.malformed(), m.unhandled(), m.connections(),
                    m.reconnects(), m.staleConnections(), m.rejectedByReason(), m.invalidTradesByReason());
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static SparkResult spark(CryptostreamConfig config, ParentChannel soak) throws Exception {
        Endpoints endpoints = Endpoints.resolve(config, System.err);
        JobSettings settings = new TradePipeline(config, System.err).jobSettings(TradePipeline.KAFKA)
                .withKafka(KafkaSourceSettings.defaults().withBootstrap(endpoints.kafkaBootstrapServers(),
                        config.string("kafka.topic")).withClientProperties(KafkaClientProperties.of(config)))
                .withCassandra(endpoints.cassandra());
        SparkSession spark = SparkSessionFactory.create(settings, config.properties("spark.conf"));
        try {
            TradeWindowJob job = TradeWindowJob.start(spark, settings, new KafkaTradeSource(settings.kafka()),
                    CassandraWindowSink.open(settings.cassandra()));
            AtomicBoolean stopping = new AtomicBoolean();
            Thread watch = new Thread(() -> {
                try {
                    job.awaitTermination();
                } catch (RuntimeException e) {
                    System.err.println("The Spark job failed: " + e.getMessage());
                }
                if (!stopping.get()) {
                    System.err.println("The Spark job ended before the soak stopped it");
                    Runtime.getRuntime().halt(1);
                }
            }, "soak-spark-watch");
            watch.setDaemon(true);
            watch.start();
            soak.say(READY);
            soak.awaitCommand(DRAIN);
            job.processAllAvailable();
            soak.say(DRAINED);
            soak.awaitCommand(STOP);
            stopping.set(true);
            job.stop();
            return new SparkResult(job.metrics().inputRecords(), job.metrics().batches(),
                    job.metrics().lateTradesDropped(), job.metrics().rejectedRecords(), job.metrics().rejectedByReason());
        } finally {
            spark.stop();
        }
    }
}
