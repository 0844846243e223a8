package io.cryptostream.cli;

import io.cryptostream.servers.SparkStandaloneCluster;
import io.cryptostream.spark.SparkJvmFlags;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code cluster start|stop|status}: a Spark standalone master and workers on this machine, to submit the job to. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        header = "Start, stop or show a local Spark standalone cluster.",
        description = "A Spark standalone master and workers as child JVMs on 127.0.0.1, from the jars cryptostream runs on, "
                + "with their logs under <work-dir>/spark-cluster. Submit the job to it with ./cryptostream aggregate "
                + "--spark-master spark://127.0.0.1:17077, or spark-submit the job jar (docs/cluster.md). "
                + "Without a subcommand: status.",
        subcommands = {ClusterCommand.Start.class, ClusterCommand.Stop.class, ClusterCommand.Status.class})
final class ClusterCommand implements Runnable {

    @Override
    public void run() {
        new Status().run();
    }

    /** Options shared by the three subcommands. */
    static final class ClusterOptions {
        @Mixin
        ConfigOptions configOptions = new ConfigOptions();

        @Option(names = "--master-port", paramLabel = "PORT", defaultValue = "17077", description = "Spark master port (default: ${DEFAULT-VALUE}).")
        int masterPort = 17077;

        @Option(names = "--master-ui-port", paramLabel = "PORT", defaultValue = "17080", description = "Spark master web UI port (default: ${DEFAULT-VALUE}).")
        int masterUiPort = 17080;

        @Option(names = "--workers", paramLabel = "N", defaultValue = "2", description = "Workers, each with 1 core and 1 GiB for its executor (default: ${DEFAULT-VALUE}).")
        int workers = 2;

        SparkStandaloneCluster cluster() {
            if (workers < 1) {
                throw new BadSettingException("--workers must be at least 1, was " + workers);
            }
            CryptostreamConfig config = configOptions.load(new FlagSettings());
            // Small daemons: the master and workers only schedule; the executors they start hold the data.
            return new SparkStandaloneCluster(new SparkStandaloneCluster.Settings(config.workDir(), masterPort, masterUiPort,
                    workers, 1, "1g", "-Xmx256m", SparkJvmFlags.list(), Duration.ofMinutes(3), Duration.ofSeconds(30)));
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, header = "Start the master and workers and wait until every worker has joined.")
    static final class Start implements Runnable {
        @Mixin
        ClusterOptions options;

        @Override
        public void run() {
            SparkStandaloneCluster cluster = options.cluster();
            System.out.println("Starting a Spark master and " + options.workers + " workers ...");
            long started = System.nanoTime();
            String master = cluster.start();
            System.out.printf("Ready in %.1f s: master %s, web UI %s%n", (System.nanoTime() - started) / 1e9, master,
                    cluster.masterUi());
            System.out.println("Run the job on it: ./cryptostream aggregate --spark-master " + master);
            System.out.println("Stop it with: ./cryptostream cluster stop");
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, header = "Stop the workers and the master.")
    static final class Stop implements Runnable {
        @Mixin
        ClusterOptions options;

        @Override
        public void run() {
            var stopped = options.cluster().stop();
            System.out.println(stopped.isEmpty() ? "Spark cluster: was not running"
                    : "Spark cluster: stopped " + String.join(", ", stopped.stream()
                    .map(member -> member.name() + " (pid " + member.pid().getAsLong() + ")").toList()));
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, header = "Say whether the master and each worker run, and their pids.")
    static final class Status implements Runnable {
        @Mixin
        ClusterOptions options = new ClusterOptions();

        @Override
        public void run() {
            SparkStandaloneCluster cluster = options.cluster();
            cluster.status().forEach(member -> System.out.println(member.name() + ": " + (member.running()
                    ? "running, pid " + member.pid().getAsLong() : "stopped")
                    + (member.name().equals("master") && member.running() ? ", " + cluster.masterUrl() + ", web UI " + cluster.masterUi() : "")));
        }
    }
}
