package io.cryptostream.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code run} of the original CryptoCompare tutorial: ingest and aggregate, in Kafka mode or memory mode. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Ingest trades and aggregate them into 1-minute windows.",
                "kafka mode: ingest -> Kafka -> Spark -> Cassandra (local servers are started when none are configured).",
                "memory mode: ingest -> Spark in this process -> console; no Kafka or Cassandra needed.",
                "The CryptoCompare API key is read from CRYPTOCOMPARE_API_KEY or --api-key-file, never from the command line."})
final class RunCommand implements Runnable {

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--mode", paramLabel = "memory|kafka", description = "Pipeline mode (default: kafka).")
    String mode;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Stop after this many seconds; 0 runs until Ctrl-C (default: 150).")
    Integer timeout;

    @Option(names = "--source", paramLabel = "NAME", description = "Where trades come from: simulator (the simulated CryptoCompare "
            + "streamer), cryptocompare, bitstamp, coinbase, coinbase-advanced, binance, binance-futures or kraken (default: simulator).")
    String source;

    @Option(names = "--markets", split = ",", paramLabel = "MARKET", description = "Markets of a native source, in the venue's notation "
            + "or as BASE-QUOTE, e.g. btcusd or BTC-USD (default: the venue's defaults).")
    List<String> markets;

    @Option(names = "--simulate", description = "Serve the source's protocol from the built-in simulator instead of the real endpoint.")
    Boolean simulate;

    @Option(names = "--watchlist", split = ",", paramLabel = "SUB", description = "Trade subscriptions 0~EXCHANGE~BASE~QUOTE (default: the original CryptoCompare tutorial's five BTC markets).")
    List<String> watchlist;

    @Option(names = "--kafkabroker", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (default: the local broker).")
    String kafkaBroker;

    @Option(names = "--kafkatopic", paramLabel = "TOPIC", description = "Trades topic (default: trades).")
    String kafkaTopic;

    @Option(names = "--cassandraurl", paramLabel = "HOST[:PORT]", description = "Cassandra contact point (default: the local server).")
    String cassandraUrl;

    @Option(names = "--cassandra-outage-budget", paramLabel = "DURATION", description = "How long the Spark job waits out "
            + "an unreachable Cassandra, holding its place, before it stops; rerunning then resumes from the checkpoint (default: 10m).")
    String cassandraOutageBudget;

    @Option(names = "--api-key-file", paramLabel = "FILE", description = "File whose first line is the CryptoCompare API key.")
    Path apiKeyFile;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "Spark checkpoint directory (default: <work-dir>/checkpoints/<mode>).")
    Path checkpoint;

    @Option(names = "--window", paramLabel = "DURATION", description = "Window length, e.g. 1m (default: 1 minute).")
    String window;

    @Option(names = "--watermark", paramLabel = "DURATION", description = "How late a trade may arrive and still count, e.g. 5m (default: 5 minutes).")
    String watermark;

    @Option(names = "--max-event-time-ahead", paramLabel = "DURATION", description = "Reject trades whose event time is further ahead of their receive time (default: 60s).")
    String maxEventTimeAhead;

    @Option(names = "--spark-master", paramLabel = "URL", description = "Spark master (default: local[2]).")
    String sparkMaster;

    @Option(names = "--reconnect-budget", paramLabel = "DURATION", description = "How long connections to the venue may fail in a row before the run ends, e.g. 10m (default: 10m).")
    String reconnectBudget;

    @Option(names = "--kafka-properties-file", paramLabel = "FILE", description = "Kafka client properties (SASL, TLS) for the producer, the topic admin and the Spark source; secrets belong here or in the environment.")
    Path kafkaPropertiesFile;

    @Option(names = "--spool-dir", paramLabel = "DIR", description = "Where trades wait while Kafka is away (default: <work-dir>/spool).")
    Path spoolDir;

    @Option(names = "--spool-max-bytes", paramLabel = "SIZE", description = "Bound of the spool per topic, e.g. 512MiB (default: 1 GiB); ingest stops when it is full.")
    String spoolMaxBytes;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Local servers' data and checkpoints (default: ./var).")
    Path workDir;

    @Override
    public void run() {
        Map<String, Object> flags = new HashMap<>();
        flags.put("cassandra.outage-budget", cassandraOutageBudget);
        flags.put("mode", mode);
        flags.put("timeout", timeout);
        flags.put("source", source);
        flags.put("watchlist", watchlist);
        flags.put("markets", markets);
        flags.put("simulate", simulate);
        flags.put("kafka.bootstrap-servers", kafkaBroker);
        flags.put("kafka.topic", kafkaTopic);
        flags.put("cassandra.contact-point", cassandraUrl);
        flags.put("cryptocompare.api-key-file", apiKeyFile == null ? null : apiKeyFile.toString());
        flags.put("spark.checkpoint-dir", checkpoint == null ? null : checkpoint.toString());
        flags.put("spark.window", window);
        flags.put("spark.watermark", watermark);
        flags.put("spark.master", sparkMaster);
        flags.put("ingest.reconnect-budget", reconnectBudget);
        flags.put("kafka.properties-file", kafkaPropertiesFile == null ? null : kafkaPropertiesFile.toString());
        flags.put("ingest.spool.dir", spoolDir == null ? null : spoolDir.toString());
        flags.put("ingest.spool.max-bytes", spoolMaxBytes);
        flags.put(TradePipeline.MAX_EVENT_TIME_AHEAD, maxEventTimeAhead);
        flags.put("work-dir", workDir == null ? null : workDir.toString());
        CryptostreamConfig config = configOptions.load(flags);
        int seconds = config.integer("timeout");
        if (seconds < 0) {
            throw new IllegalArgumentException("--timeout must be 0 (run until Ctrl-C) or a number of seconds, was " + seconds);
        }
        Optional<Duration> runFor = seconds == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        String chosenMode = config.string("mode");
        System.out.println("cryptostream run: mode " + chosenMode + ", source " + config.string("source"));
        new TradePipeline(config, System.out).run(chosenMode, runFor, Optional.empty());
    }
}
