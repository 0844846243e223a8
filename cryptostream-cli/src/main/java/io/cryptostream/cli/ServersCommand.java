package io.cryptostream.cli;

import io.cryptostream.servers.LocalServers;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.ServerStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code servers start|stop|status}: the local Kafka broker and Cassandra node. */
@Command(name = "servers", mixinStandardHelpOptions = true,
        header = "Start, stop or show the local Kafka and Cassandra servers.",
        description = "Manage the local REAL Kafka 4.1 (KRaft) broker and Cassandra 5.0 node, run as child JVMs from Maven "
                + "Central artifacts with data under <work-dir>/servers (default: var/servers in the project directory). "
                + "Without a subcommand: status.",
        subcommands = {ServersCommand.Start.class, ServersCommand.Stop.class, ServersCommand.Status.class})
final class ServersCommand implements Runnable {

    @Override
    public void run() {
        new Status().run();
    }

    /** Options shared by the three subcommands. */
    static final class ServerOptions {
        @Mixin
        ConfigOptions configOptions;

        @Option(names = "--kafka-port", paramLabel = "PORT", description = "Kafka client port (default: ${bundle:default.servers.kafka-port}; env CRYPTOSTREAM_KAFKA_PORT).")
        Integer kafkaPort;

        @Option(names = "--cassandra-port", paramLabel = "PORT", description = "Cassandra CQL port (default: ${bundle:default.servers.cassandra-port}; env CRYPTOSTREAM_CASSANDRA_PORT).")
        Integer cassandraPort;

        LocalServers servers() {
            return new LocalServers(Endpoints.serverSettings(configOptions.load(new FlagSettings()
                    .put("servers.kafka-port", "--kafka-port", kafkaPort)
                    .put("servers.cassandra-port", "--cassandra-port", cassandraPort))));
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, header = "Start the local servers and wait until they accept connections.",
            description = "Start whichever server is not running and wait until both accept connections.")
    static final class Start implements Runnable {
        @Mixin
        ServerOptions options;

        @Override
        public void run() {
            LocalServers servers = options.servers();
            System.out.println("Starting local servers in " + servers.workDir() + " ...");
            long started = System.nanoTime();
            ServerEndpoints endpoints = servers.start();
            System.out.printf("Ready in %.1f s:%n", (System.nanoTime() - started) / 1e9);
            System.out.println("  Kafka bootstrap servers  " + endpoints.kafkaBootstrapServers());
            System.out.println("  Cassandra CQL            " + endpoints.cassandraHostPort() + " (datacenter "
                    + endpoints.cassandraDatacenter() + ")");
            System.out.println("Stop them with: ./cryptostream servers stop");
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, header = "Stop the local servers.",
            description = "Stop the local servers: SIGTERM, then SIGKILL after a grace period.")
    static final class Stop implements Runnable {
        @Mixin
        ServerOptions options;

        @Override
        public void run() {
            List<ServerStatus> before = options.servers().stop();
            before.forEach(status -> System.out.println(status.state() == ServerStatus.State.STOPPED
                    ? status.server().displayName() + ": was not running"
                    : status.server().displayName() + ": stopped (was pid " + status.pid().orElseThrow() + ", " + status.endpoint() + ")"));
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, header = "Say which local servers run, where, and their pids.")
    static final class Status implements Runnable {
        @Mixin
        ServerOptions options = new ServerOptions();

        @Override
        public void run() {
            if (options.configOptions == null) {
                options.configOptions = new ConfigOptions();
            }
            options.servers().status().forEach(status -> System.out.println(status.describe()));
        }
    }
}
