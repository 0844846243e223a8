package io.cryptostream.cli;

import io.cryptostream.exchange.cryptocompare.CryptoCompare;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** One command to see it work: everything local, real Kafka, Spark and Cassandra, aggregates printed. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start local Kafka and Cassandra if needed, the exchange simulator, ingest and the Spark job",
                "in Kafka mode; print the newest aggregates read back from Cassandra while it runs and at the end."})
final class DemoCommand implements Runnable {

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--duration", paramLabel = "DURATION", description = "How long to ingest, e.g. 60s or 5m (default: 60s).")
    String duration;

    @Option(names = "--source", paramLabel = "NAME", description = "Which venue's protocol the simulator speaks: "
            + "cryptocompare, bitstamp, coinbase, coinbase-advanced, binance, binance-futures or kraken (default: cryptocompare).")
    String source;

    @Option(names = "--markets", split = ",", paramLabel = "MARKET", description = "Markets, in the venue's notation or as BASE-QUOTE (default: the venue's defaults).")
    java.util.List<String> markets;

    @Option(names = "--cassandra-outage-budget", paramLabel = "DURATION", description = "How long the Spark job waits out "
            + "an unreachable Cassandra, holding its place, before it stops; rerunning then resumes from the checkpoint (default: 10m).")
    String cassandraOutageBudget;

    @Option(names = "--show-every", paramLabel = "DURATION", description = "How often to print the newest aggregates while it runs (default: 15s).")
    String showEvery;

    @Override
    public void run() {
        Map<String, Object> flags = new HashMap<>();
        flags.put("cassandra.outage-budget", cassandraOutageBudget);
        flags.put("source", source == null ? CryptoCompare.VENUE.name() : source);
        flags.put("simulate", true);
        flags.put("markets", markets);
        flags.put("demo.duration", duration);
        flags.put("demo.show-every", showEvery);
        CryptostreamConfig config = configOptions.load(flags);
        Duration runFor = config.duration("demo.duration");
        System.out.println("cryptostream demo: " + config.string("source") + " simulator -> ingest -> Kafka -> Spark -> Cassandra for "
                + runFor.toSeconds() + " s");
        new TradePipeline(config, System.out).run(TradePipeline.KAFKA, Optional.of(runFor),
                Optional.of(config.duration("demo.show-every")));
    }
}
