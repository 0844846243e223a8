package io.cryptostream.cli;

import io.cryptostream.servers.LocalServers;
import io.cryptostream.servers.ServerEndpoints;
import io.cryptostream.servers.ServerStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code servers start|stop|status}: the local Kafka broker and Cassandra node. */
@Command(name = "servers", mixinStandardHelpOptions = true,
        description = {"Manage the local REAL Kafka 4.1 (KRaft) broker and Cassandra 5.0 node, run as child JVMs",
                "from Maven Central artifacts with data under <work-dir>/servers (default ./var/servers)."},
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

        @Option(names = "--work-dir", paramLabel = "DIR", description = "Where servers keep data and logs (default: ./var).")
        Path workDir;

        @Option(names = "--kafka-port", paramLabel = "PORT", description = "Kafka client port (default: 19092; env CRYPTOSTREAM_KAFKA_PORT).")
        Integer kafkaPort;

        @Option(names = "--cassandra-port", paramLabel = "PORT", description = "Cassandra CQL port (default: 19042; env CRYPTOSTREAM_CASSANDRA_PORT).")
        Integer cassandraPort;

        LocalServers servers() {
            Map<String, Object> flags = new HashMap<>();
            flags.put("work-dir", workDir == null ? null : workDir.toString());
            flags.put("servers.kafka-port", kafkaPort);
            flags.put("servers.cassandra-port", cassandraPort);
            return new LocalServers(Endpoints.serverSettings(configOptions.load(flags)));
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start whichever server is not running and wait until both accept connections.")
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

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the local servers (SIGTERM, then SIGKILL after a grace period).")
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

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Say which local servers run, where, and their pids.")
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
