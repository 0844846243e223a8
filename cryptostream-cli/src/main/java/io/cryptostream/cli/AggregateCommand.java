package io.cryptostream.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Only the Spark job, for running ingest and aggregation on different machines (or a Spark cluster). */
@Command(name = "aggregate", mixinStandardHelpOptions = true,
        header = "Run only the Spark job: Kafka topic -> windows -> Cassandra.",
        description = "Read the Kafka trades topic, aggregate 1-minute windows and upsert them into Cassandra. It resumes "
                + "from its checkpoint, so it can be stopped and restarted at any time without double counting.")
final class AggregateCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions;

    @Option(names = {"--kafka-broker", "--kafkabroker"}, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: the local broker). --kafkabroker is the original CryptoCompare tutorial's spelling.")
    String kafkaBroker;

    @Option(names = {"--kafka-topic", "--kafkatopic"}, paramLabel = "TOPIC",
            description = "Trades topic (default: trades). --kafkatopic is the original CryptoCompare tutorial's spelling.")
    String kafkaTopic;

    @Option(names = {"--cassandra-url", "--cassandraurl"}, paramLabel = "HOST[:PORT]",
            description = "Cassandra contact point (default: the local server). --cassandraurl is the original CryptoCompare tutorial's spelling.")
    String cassandraUrl;

    @Option(names = "--cassandra-outage-budget", paramLabel = "DURATION", description = "How long the Spark job waits out "
            + "an unreachable Cassandra, holding its place, before it stops; rerunning then resumes from the checkpoint (default: 10m).")
    String cassandraOutageBudget;

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
        CryptostreamConfig config = configOptions.load(new FlagSettings()
                .put("cassandra.outage-budget", "--cassandra-outage-budget", cassandraOutageBudget)
                .put("kafka.bootstrap-servers", "--kafka-broker", kafkaBroker)
                .put("kafka.topic", "--kafka-topic", kafkaTopic)
                .put("cassandra.contact-point", "--cassandra-url", cassandraUrl)
                .put("cassandra.keyspace", "--keyspace", keyspace)
                .put("spark.checkpoint-dir", "--checkpoint", checkpoint)
                .put("spark.trigger", "--trigger", trigger)
                .put("spark.master", "--spark-master", sparkMaster)
                .put(TradePipeline.MAX_EVENT_TIME_AHEAD, "--max-event-time-ahead", maxEventTimeAhead)
                .put("kafka.max-offsets-per-trigger", "--max-offsets-per-trigger", maxOffsetsPerTrigger));
        if (timeout < 0) {
            throw new ParameterException(spec.commandLine(), "--timeout must be 0 (run until Ctrl-C) or a number of seconds, was " + timeout);
        }
        new TradePipeline(config, System.out)
                .runJobOnly(timeout > 0 ? Optional.of(Duration.ofSeconds(timeout)) : Optional.empty(), withOrders);
    }
}
