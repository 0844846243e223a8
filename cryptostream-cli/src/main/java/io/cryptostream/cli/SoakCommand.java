package io.cryptostream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs the whole pipeline for a while under injected faults and reports whether it stayed exact and flat. */
@Command(name = "soak", mixinStandardHelpOptions = true,
        header = "Run the whole pipeline under scheduled faults and reconcile.",
        description = {"Run the simulator, ingest and the Spark job (each in its own JVM) against local Kafka and Cassandra "
                + "at a steady trade rate while injecting connection drops, stalls, venue reconnect requests and bad frames "
                + "on a schedule; then stop cleanly and report faults survived, trades emitted against trades stored in "
                + "Cassandra, rejected records by reason and each process's memory over time. Ctrl-C stops early and still "
                + "reports. Exit code 0 when every emitted trade is stored exactly once and no process died, else 1."})
final class SoakCommand implements Callable<Integer> {

    /** A share of the run, within these bounds, is the memory warm-up. */
    private static final double WARM_UP_SHARE = 0.2;
    private static final Duration MIN_WARM_UP = Duration.ofSeconds(30);
    private static final Duration MAX_WARM_UP = Duration.ofMinutes(5);

    @Mixin
    ConfigOptions configOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--minutes", paramLabel = "N", description = "How long to run under faults (default: 30).")
    double minutes = 30;

    @Option(names = "--trades-per-second", paramLabel = "N",
            description = "Trades per second over all markets together (default: 500).")
    double tradesPerSecond = 500;

    @Option(names = "--fault-every", paramLabel = "DURATION", description = "Time between two faults, e.g. 20s (default: ${bundle:default.soak.fault-every}).")
    String faultEvery;

    @Option(names = "--sample-every", paramLabel = "DURATION", description = "Time between two memory samples (default: ${bundle:default.soak.sample-every}).")
    String sampleEvery;

    @Option(names = "--rss-tolerance", paramLabel = "PERCENT",
            description = "Memory growth after the warm-up still called flat, in percent of the first sample after it (default: 10).")
    double rssTolerancePercent = 10;

    @Option(names = "--out", paramLabel = "DIR", description = "Where soak.json and the processes' logs go (default: <work-dir>/soak).")
    Path out;

    @Override
    public Integer call() {
        if (!(minutes > 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--minutes must be positive, was " + minutes);
        }
        if (!(tradesPerSecond > 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--trades-per-second must be positive, was " + tradesPerSecond);
        }
        CryptostreamConfig config = configOptions.load(new FlagSettings()
                .put("soak.fault-every", "--fault-every", faultEvery)
                .put("soak.sample-every", "--sample-every", sampleEvery));
        Duration duration = Duration.ofMillis(Math.round(minutes * 60_000));
        Duration warmUp = Duration.ofMillis(Math.round(duration.toMillis() * WARM_UP_SHARE));
        warmUp = warmUp.compareTo(MIN_WARM_UP) < 0 ? MIN_WARM_UP : warmUp.compareTo(MAX_WARM_UP) > 0 ? MAX_WARM_UP : warmUp;
        Path outDir = out != null ? out : config.workDir().resolve("soak");
        List<String> watchlist = config.strings("watchlist");
        SoakRun.Settings settings = new SoakRun.Settings(duration, tradesPerSecond, watchlist,
                config.duration("soak.fault-every"), config.duration("soak.sample-every"), warmUp, rssTolerancePercent,
                outDir);

        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C or SIGTERM ends the faults early; the hook holds the JVM until the clean stop and the report are done.
        Thread stopOnSignal = new Thread(() -> {
            stopRequested.countDown();
            try {
                finished.await(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "soak-stop");
        Runtime.getRuntime().addShutdownHook(stopOnSignal);
        try {
            SoakReport report = new SoakRun(config, settings, System.out, stopRequested).run();
            Path json = report.write(outDir);
            System.out.println();
            System.out.print(report.table());
            System.out.println("Report: " + json.toAbsolutePath());
            if (!report.passed()) {
                spec.commandLine().getErr().println("cryptostream: soak: " + report.failure());
                return 1;
            }
            return 0;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnSignal);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it returns now that the run is finished.
            }
        }
    }
}
