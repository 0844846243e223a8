package io.cryptostream.cli;

import io.cryptostream.exchange.cryptocompare.CryptoCompare;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One command to see it work: everything local, real Kafka, Spark and Cassandra, aggregates printed. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Run everything locally and print the aggregates it stored.",
        description = "Start local Kafka and Cassandra if needed, the venue's simulator, ingest and the Spark job in Kafka "
                + "mode; print the newest aggregates read back from Cassandra while it runs and at the end.")
final class DemoCommand implements Runnable {

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--duration", paramLabel = "DURATION", description = "How long to ingest, e.g. 60s or 5m (default: ${bundle:default.demo.duration}).")
    String duration;

    @Option(names = {"--venue", "--source"}, paramLabel = "NAME", completionCandidates = VenueNames.class,
            description = "Which venue's protocol the simulator speaks: ${COMPLETION-CANDIDATES} (default: cryptocompare).")
    String venue;

    @Option(names = "--markets", split = ",", paramLabel = "MARKET", description = "Markets, in the venue's notation or as BASE-QUOTE (default: the venue's defaults).")
    List<String> markets;

    @Mixin
    SharedOptions.CassandraOutageBudget cassandraOutageBudget;

    @Mixin
    SharedOptions.KafkaFormat kafkaFormat;

    @Mixin
    SharedOptions.MetricsPort metricsPort;

    @Option(names = "--show-every", paramLabel = "DURATION", description = "How often to print the newest aggregates while it runs (default: ${bundle:default.demo.show-every}).")
    String showEvery;

    @Option(names = "--dashboard-port", paramLabel = "PORT",
            description = "Port of the live candle dashboard on 127.0.0.1 while the demo runs; 0 starts none (default: ${bundle:default.dashboard.port}).")
    String dashboardPort;

    @Override
    public void run() {
        CryptostreamConfig config = configOptions.load(new FlagSettings()
                .with(cassandraOutageBudget, kafkaFormat, metricsPort)
                .put("venue", "--venue", venue == null ? CryptoCompare.VENUE.name() : venue)
                .fixed("simulate", true)
                .put("markets", "--markets", markets)
                .put("demo.duration", "--duration", duration)
                .put("demo.show-every", "--show-every", showEvery)
                .put(DashboardServer.PORT, "--dashboard-port", dashboardPort));
        TradeFeed.check(config);
        Duration runFor = config.duration("demo.duration");
        System.out.println("cryptostream demo: " + config.string("venue") + " simulator -> ingest -> Kafka -> Spark -> Cassandra for "
                + runFor.toSeconds() + " s");
        new TradePipeline(config, System.out).withDashboard(DashboardServer.port(config)).run(TradePipeline.KAFKA, Optional.of(runFor),
                Optional.of(config.duration("demo.show-every")));
    }
}
