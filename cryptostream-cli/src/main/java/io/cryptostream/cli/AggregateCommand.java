package io.cryptostream.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Only the Spark job, for running ingest and aggregation on different machines (or a Spark cluster). */
@Command(name = "aggregate", mixinStandardHelpOptions = true,
        description = {"Run only the Spark job: the Kafka trades topic -> 1-minute windows -> Cassandra.",
                "It resumes from its checkpoint, so it can be stopped and restarted at any time without double counting."})
final class AggregateCommand implements Runnable {

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--kafkabroker", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (default: the local broker).")
    String kafkaBroker;

    @Option(names = "--kafkatopic", paramLabel = "TOPIC", description = "Trades topic (default: trades).")
    String kafkaTopic;

    @Option(names = "--cassandraurl", paramLabel = "HOST[:PORT]", description = "Cassandra contact point (default: the local server).")
    String cassandraUrl;

    @Option(names = "--keyspace", paramLabel = "NAME", description = "Keyspace (default: cryptocompare).")
    String keyspace;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "Spark checkpoint directory (default: <work-dir>/checkpoints/kafka).")
    Path checkpoint;

    @Option(names = "--trigger", paramLabel = "DURATION", description = "Micro-batch interval (default: 5 seconds).")
    String trigger;

    @Option(names = "--max-offsets-per-trigger", paramLabel = "N", description = "Upper bound on trades per micro-batch (default: 200000).")
    Integer maxOffsetsPerTrigger;

    @Option(names = "--max-event-time-ahead", paramLabel = "DURATION", description = "Reject trades whose event time is further ahead of their receive time (default: 60s).")
    String maxEventTimeAhead;

    @Option(names = "--spark-master", paramLabel = "URL", description = "Spark master (default: local[2]).")
    String sparkMaster;

    @Option(names = "--with-orders", description = "Also aggregate the orders topic (Bitstamp live orders) into order_flow_1m.")
    boolean withOrders;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0", description = "Stop after this many seconds; 0 runs until Ctrl-C (default).")
    int timeout;

    @Override
    public void run() {
        Map<String, Object> flags = new HashMap<>();
        flags.put("kafka.bootstrap-servers", kafkaBroker);
        flags.put("kafka.topic", kafkaTopic);
        flags.put("cassandra.contact-point", cassandraUrl);
        flags.put("cassandra.keyspace", keyspace);
        flags.put("spark.checkpoint-dir", checkpoint == null ? null : checkpoint.toString());
        flags.put("spark.trigger", trigger);
        flags.put("spark.master", sparkMaster);
        flags.put(TradePipeline.MAX_EVENT_TIME_AHEAD, maxEventTimeAhead);
        flags.put("kafka.max-offsets-per-trigger", maxOffsetsPerTrigger);
        new TradePipeline(configOptions.load(flags), System.out)
                .runJobOnly(timeout > 0 ? Optional.of(Duration.ofSeconds(timeout)) : Optional.empty(), withOrders);
    }
}
