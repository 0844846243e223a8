package io.cryptostream.cli;

import io.cryptostream.exchange.Venues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Replays captured frames through the simulator and the whole real pipeline. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        header = "Replay captured frames through the whole pipeline.",
        description = {"Serve captured WebSocket frames from the simulator with the venue's protocol, so the real "
                + "ingest -> Kafka -> Spark -> Cassandra path runs; wait until every trade is aggregated in Cassandra, "
                + "then print a summary. Reads cryptostream's record format, cryptofeed captures, hftbacktest captures and "
                + "plain JSON lines, gzipped or not. Lines that are not the venue's trade frames are counted and skipped.",
                "",
                "Resumable: the replay's Kafka topic and Spark checkpoint (<work-dir>/checkpoints/replay-<id>) are named "
                + "after the files (path, size, modification time, venue), the broker, the keyspace and the window. If a "
                + "replay stops before every trade is in Cassandra (Cassandra away longer than --cassandra-outage-budget, "
                + "Ctrl-C, a crash), run the same command again: it resumes from the checkpoint, does not serve files already "
                + "delivered to Kafka again, and counts no trade twice. Only a complete replay deletes its topic and checkpoint."})
final class ReplayCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Capture files.")
    List<Path> files;

    @Option(names = {"--venue", "--exchange"}, required = true, split = ",", paramLabel = "NAME", completionCandidates = VenueNames.class,
            description = "The venue of the files, one for all or one per file: ${COMPLETION-CANDIDATES}.")
    List<String> venues;

    @Option(names = "--speed", paramLabel = "max|1x|10x", defaultValue = "max",
            description = "max sends frames as fast as ingest takes them; Nx keeps the recorded gaps divided by N (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--kafka-only", description = "Only serve the files through ingest into the trades topic "
            + "(--kafka-topic) and end once Kafka holds every trade, for a job already reading that topic (aggregate, "
            + "or the job on a Spark cluster); the topic stays.")
    boolean kafkaOnly;

    @Mixin
    SharedOptions.KafkaBroker kafkaBroker;

    @Mixin
    SharedOptions.KafkaTopic kafkaTopic;

    @Mixin
    SharedOptions.CassandraUrl cassandraUrl;

    @Mixin
    SharedOptions.CassandraOutageBudget cassandraOutageBudget;

    @Mixin
    SharedOptions.Keyspace keyspace;

    @Mixin
    SharedOptions.KafkaFormat kafkaFormat;

    @Mixin
    SharedOptions.MetricsPort metricsPort;

    @Option(names = "--wait", paramLabel = "DURATION", description = "How long to wait for every trade to reach "
            + "Cassandra before giving up (default: ${bundle:default.replay.wait}).")
    String await;

    @Override
    public void run() {
        if (venues.size() != 1 && venues.size() != files.size()) {
            throw new ParameterException(spec.commandLine(), "Give one --venue for all files or one per file: "
                    + files.size() + " files, " + venues.size() + " venues");
        }
        List<CaptureReplay.Source> sources = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String venue = venues.get(venues.size() == 1 ? 0 : i).toLowerCase(Locale.ROOT);
            try {
                sources.add(new CaptureReplay.Source(files.get(i), Venues.named(venue)));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--venue: " + e.getMessage(), e);
            }
        }
        if (!kafkaOnly && kafkaTopic.value != null) {
            throw new ParameterException(spec.commandLine(), "--kafka-topic goes with --kafka-only: a whole replay "
                    + "uses a topic of its own, named after the files");
        }
        double speedFactor;
        try {
            speedFactor = speedFactor(speed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        CryptostreamConfig config = settings();
        TradePipeline.tradeFormat(config);
        CaptureReplay replay = new CaptureReplay(config, System.out, System.err);
        if (kafkaOnly) {
            replay.deliver(sources, speedFactor, config.duration("replay.wait"));
        } else {
            replay.run(sources, speedFactor, config.duration("replay.wait"));
        }
    }

    /** The flags over the settings file. */
    CryptostreamConfig settings() {
        return configOptions.load(new FlagSettings()
                .with(kafkaBroker, kafkaTopic, cassandraUrl, keyspace, cassandraOutageBudget, kafkaFormat, metricsPort)
                .put("replay.wait", "--wait", await));
    }

    /** 0 means as fast as possible. */
    static double speedFactor(String speed) {
        String text = speed.strip().toLowerCase(Locale.ROOT);
        if (text.equals("max")) {
            return 0;
        }
        try {
            double factor = Double.parseDouble(text.endsWith("x") ? text.substring(0, text.length() - 1) : text);
            if (factor > 0) {
                return factor;
            }
        } catch (NumberFormatException notANumber) {
            // Falls through to the message that shows the accepted forms.
        }
        throw new IllegalArgumentException("--speed must be max or a positive factor such as 1x or 10x, was '" + speed + "'");
    }
}
