package io.cryptostream.cli;

import io.cryptostream.servers.LocalDataCluster;
import io.cryptostream.servers.ServerLifetime;
import io.cryptostream.servers.SparkStandaloneCluster;
import io.cryptostream.spark.SparkJvmFlags;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;


/**
 * {@code cluster start|stop|status}: on this machine, three Kafka brokers, a three-node Cassandra ring and a Spark
 * standalone master and workers to submit the job to.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        header = "Start, stop or show a local Kafka, Cassandra and Spark cluster.",
        description = "Three KRaft brokers on 127.0.0.1 (39092, 39192, 39292), Cassandra nodes on 127.0.0.1, 127.0.0.2 "
                + "and 127.0.0.3 (CQL port 39042), a Spark standalone master and workers, all child JVMs from the jars "
                + "cryptostream runs on, with their logs under <work-dir>/data-cluster and <work-dir>/spark-cluster. "
                + "Submit the job to it with ./cryptostream aggregate --spark-master spark://127.0.0.1:17077, or "
                + "spark-submit the job jar (docs/cluster.md). Without a subcommand: status.",
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

        @Option(names = "--data-cluster", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Also the Kafka brokers and Cassandra nodes (default: ${DEFAULT-VALUE}); "
                        + "--no-data-cluster for Spark alone.")
        boolean dataCluster = true;

        @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "39092", description = "First broker's port; "
                + "broker i listens 100 (i - 1) above it, its controller one above that (default: ${DEFAULT-VALUE}).")
        int kafkaPort = 39092;

        @Option(names = "--cassandra-port", paramLabel = "PORT", defaultValue = "39042", description = "CQL port of every "
                + "Cassandra node (default: ${DEFAULT-VALUE}).")
        int cassandraPort = 39042;

        @Option(names = "--cassandra-storage-port", paramLabel = "PORT", defaultValue = "37000", description = "Storage "
                + "(gossip) port of every Cassandra node (default: ${DEFAULT-VALUE}).")
        int cassandraStoragePort = 37000;

        @Option(names = "--cassandra-jmx-port", paramLabel = "PORT", defaultValue = "37199", description = "First node's "
                + "JMX port; node i's is 100 (i - 1) above it (default: ${DEFAULT-VALUE}).")
        int cassandraJmxPort = 37199;

        LocalDataCluster dataCluster() {
            CryptostreamConfig config = configOptions.load(new FlagSettings());
            return new LocalDataCluster(LocalDataCluster.Settings.defaults(config.workDir(), ServerLifetime.DETACHED)
                    .withPorts(kafkaPort, cassandraPort, cassandraStoragePort, cassandraJmxPort));
        }

        SparkStandaloneCluster cluster() {
            if (workers < 1) {
                throw new BadSettingException("--workers must be at least 1, was " + workers);
            }
            CryptostreamConfig config = configOptions.load(new FlagSettings());
            return new SparkStandaloneCluster(SparkStandaloneCluster.Settings.onThisMachine(config.workDir(), masterPort,
                    masterUiPort, workers, SparkJvmFlags.list(), ServerLifetime.DETACHED));
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, header = "Start the brokers, the Cassandra nodes, the "
            + "master and workers, and wait until the Kafka quorum and the Cassandra ring count every member and every "
            + "worker has joined.")
    static final class Start implements Runnable {
        @Mixin
        ClusterOptions options;

        @Override
        public void run() {
            if (options.dataCluster) {
                LocalDataCluster data = options.dataCluster();
                System.out.println("Starting 3 Kafka brokers and 3 Cassandra nodes (about a minute) ...");
                long started = System.nanoTime();
                data.start();
                System.out.printf("Ready in %.1f s: Kafka %s, Cassandra %s (data centre %s)%n",
                        (System.nanoTime() - started) / 1e9, data.kafkaBootstrapServers(),
                        String.join(",", data.status().stream().filter(member -> member.name().startsWith("cassandra"))
                                .map(LocalDataCluster.Member::address).toList()), data.cassandraDatacenter());
            }
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

    @Command(name = "stop", mixinStandardHelpOptions = true, header = "Stop the workers and the master, then the "
            + "brokers and Cassandra nodes.")
    static final class Stop implements Runnable {
        @Mixin
        ClusterOptions options;

        @Override
        public void run() {
            var stopped = options.cluster().stop();
            System.out.println(stopped.isEmpty() ? "Spark cluster: was not running"
                    : "Spark cluster: stopped " + String.join(", ", stopped.stream()
                    .map(member -> member.name() + " (pid " + member.pid().getAsLong() + ")").toList()));
            if (options.dataCluster) {
                var stoppedData = options.dataCluster().stop();
                System.out.println(stoppedData.isEmpty() ? "Kafka and Cassandra: were not running"
                        : "Kafka and Cassandra: stopped " + String.join(", ", stoppedData.stream()
                        .map(member -> member.name() + " (pid " + member.pid().getAsLong() + ")").toList()));
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, header = "Say whether each broker, Cassandra node, the "
            + "master and each worker run, and their pids.")
    static final class Status implements Runnable {
        @Mixin
        ClusterOptions options = new ClusterOptions();

        @Override
        public void run() {
            if (options.dataCluster) {
                options.dataCluster().status().forEach(member -> System.out.println(member.name() + ": "
                        + (member.running() ? "running, pid " + member.pid().getAsLong() : "stopped") + ", "
                        + member.address() + ", log " + member.log()));
            }
            SparkStandaloneCluster cluster = options.cluster();
            cluster.status().forEach(member -> System.out.println(member.name() + ": " + (member.running()
                    ? "running, pid " + member.pid().getAsLong() : "stopped")
                    + (member.name().equals("master") && member.running() ? ", " + cluster.masterUrl() + ", web UI " + cluster.masterUi() : "")));
        }
    }
}
