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

    @Mixin
    SharedOptions.KafkaJob kafkaJob;

    @Mixin
    SharedOptions.Keyspace keyspace;

    @Mixin
    SharedOptions.MetricsPort metricsPort;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "Spark checkpoint directory (default: <work-dir>/checkpoints/kafka).")
    Path checkpoint;

    @Option(names = "--trigger", paramLabel = "DURATION", description = "Micro-batch interval (default: ${bundle:default.spark.trigger}).")
    String trigger;

    @Option(names = "--max-offsets-per-trigger", paramLabel = "N", description = "Upper bound on trades per micro-batch (default: ${bundle:default.kafka.max-offsets-per-trigger}).")
    Integer maxOffsetsPerTrigger;

    @Option(names = "--with-orders", description = "Also aggregate the orders topic (Bitstamp live orders) into order_flow_1m.")
    boolean withOrders;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0", description = "Stop after this many seconds; 0 runs until Ctrl-C (default).")
    int timeout;

    @Override
    public void run() {
        CryptostreamConfig config = configOptions.load(new FlagSettings()
                .with(kafkaJob, keyspace, metricsPort)
                .put("spark.checkpoint-dir", "--checkpoint", checkpoint)
                .put("spark.trigger", "--trigger", trigger)
                .put("kafka.max-offsets-per-trigger", "--max-offsets-per-trigger", maxOffsetsPerTrigger));
        if (timeout < 0) {
            throw new ParameterException(spec.commandLine(), "--timeout must be 0 (run until Ctrl-C) or a number of seconds, was " + timeout);
        }
        new TradePipeline(config, System.out)
                .runJobOnly(timeout > 0 ? Optional.of(Duration.ofSeconds(timeout)) : Optional.empty(), withOrders);
    }
}
