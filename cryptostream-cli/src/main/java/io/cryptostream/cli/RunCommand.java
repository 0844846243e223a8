package io.cryptostream.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The {@code run} of the original CryptoCompare tutorial: ingest and aggregate, in Kafka mode or memory mode. */
@Command(name = "run", mixinStandardHelpOptions = true,
        header = "Ingest trades and aggregate them into 1-minute windows.",
        description = {"kafka mode: ingest -> Kafka -> Spark -> Cassandra (local servers are started when none are configured).",
                "memory mode: ingest -> Spark in this process -> console; no Kafka or Cassandra needed.",
                "The CryptoCompare API key is read from CRYPTOCOMPARE_API_KEY or --api-key-file, never from the command line."})
final class RunCommand implements Runnable {

    /** Where the windows go. */
    enum Mode { kafka, memory }

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--mode", paramLabel = "MODE", description = "Pipeline mode: ${COMPLETION-CANDIDATES} (default: ${bundle:default.mode}).")
    Mode mode;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Stop after this many seconds; 0 runs until Ctrl-C (default: ${bundle:default.timeout}).")
    Integer timeout;

    @Option(names = {"--venue", "--source"}, paramLabel = "NAME", completionCandidates = VenueNames.WithSimulator.class,
            description = "Whose trades to ingest: ${COMPLETION-CANDIDATES}; simulator is the simulated CryptoCompare "
                    + "streamer (default: ${bundle:default.venue}).")
    String venue;

    @Option(names = "--markets", split = ",", paramLabel = "MARKET", description = "Markets of a venue, in its notation "
            + "or as BASE-QUOTE, e.g. btcusd or BTC-USD (default: the venue's defaults).")
    List<String> markets;

    @Option(names = "--simulate", description = "Serve the venue's protocol from the built-in simulator instead of the real endpoint.")
    Boolean simulate;

    @Option(names = "--watchlist", split = ",", paramLabel = "SUB", description = "CryptoCompare trade subscriptions 0~EXCHANGE~BASE~QUOTE (default: the original CryptoCompare tutorial's five BTC markets).")
    List<String> watchlist;

    @Mixin
    SharedOptions.KafkaJob kafkaJob;

    @Mixin
    SharedOptions.KafkaFormat kafkaFormat;

    @Mixin
    SharedOptions.MetricsPort metricsPort;

    @Option(names = "--api-key-file", paramLabel = "FILE", description = "File whose first line is the CryptoCompare API key.")
    Path apiKeyFile;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "Spark checkpoint directory (default: <work-dir>/checkpoints/<mode>).")
    Path checkpoint;

    @Option(names = "--window", paramLabel = "DURATION", description = "Window length, e.g. 1m (default: ${bundle:default.spark.window}).")
    String window;

    @Option(names = "--watermark", paramLabel = "DURATION", description = "How late a trade may arrive and still count, e.g. 5m (default: ${bundle:default.spark.watermark}).")
    String watermark;

    @Option(names = "--reconnect-budget", paramLabel = "DURATION", description = "How long connections to the venue may fail in a row before the run ends, e.g. 10m (default: ${bundle:default.ingest.reconnect-budget}).")
    String reconnectBudget;

    @Option(names = "--kafka-properties-file", paramLabel = "FILE", description = "Kafka client properties (SASL, TLS) for the producer, the topic admin and the Spark source; secrets belong here or in the environment.")
    Path kafkaPropertiesFile;

    @Option(names = "--spool-dir", paramLabel = "DIR", description = "Where trades wait while Kafka is away (default: <work-dir>/spool).")
    Path spoolDir;

    @Option(names = "--spool-max-bytes", paramLabel = "SIZE", description = "Bound of the spool per topic, e.g. 512MiB (default: ${bundle:default.ingest.spool.max-bytes}); ingest stops when it is full.")
    String spoolMaxBytes;

    @Override
    public void run() {
        CryptostreamConfig config = configOptions.load(new FlagSettings()
                .with(kafkaJob, kafkaFormat, metricsPort)
                .put("mode", "--mode", mode)
                .put("timeout", "--timeout", timeout)
                .put("venue", "--venue", venue)
                .put("watchlist", "--watchlist", watchlist)
                .put("markets", "--markets", markets)
                .put("simulate", "--simulate", simulate)
                .put("cryptocompare.api-key-file", "--api-key-file", apiKeyFile)
                .put("spark.checkpoint-dir", "--checkpoint", checkpoint)
                .put("spark.window", "--window", window)
                .put("spark.watermark", "--watermark", watermark)
                .put("ingest.reconnect-budget", "--reconnect-budget", reconnectBudget)
                .put("kafka.properties-file", "--kafka-properties-file", kafkaPropertiesFile)
                .put("ingest.spool.dir", "--spool-dir", spoolDir)
                .put("ingest.spool.max-bytes", "--spool-max-bytes", spoolMaxBytes));
        int seconds = config.integer("timeout");
        if (seconds < 0) {
            throw config.invalid("timeout", "must be 0 (run until Ctrl-C) or a number of seconds, was " + seconds);
        }
        String chosenMode = config.string("mode").toLowerCase(Locale.ROOT);
        if (Arrays.stream(Mode.values()).noneMatch(known -> known.name().equals(chosenMode))) {
            throw config.invalid("mode", "must be kafka or memory, was '" + chosenMode + "'");
        }
        TradeFeed.check(config);
        Optional<Duration> runFor = seconds == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        System.out.println("cryptostream run: mode " + chosenMode + ", venue " + config.string("venue"));
        new TradePipeline(config, System.out).run(chosenMode, runFor, Optional.empty());
    }
}
