package io.cryptostream.servers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the local servers keep their files, the ports they listen on (all on 127.0.0.1) and how long to wait
 * for them. The work dir is made absolute on construction, because it is written into the servers' config.
 */
public record ServerSettings(
        Path workDir,
        int kafkaPort,
        int kafkaControllerPort,
        int cassandraPort,
        int cassandraStoragePort,
        int cassandraJmxPort,
        Duration startTimeout,
        Duration stopTimeout,
        ServerLifetime lifetime,
        boolean cassandraPasswordAuthentication) {

    public static final Path DEFAULT_WORK_DIR = Path.of("var");
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);
    /** Grace period between SIGTERM and SIGKILL; Cassandra drains in about 6 s. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);

    public ServerSettings {
        Objects.requireNonNull(workDir, "workDir");
        workDir = workDir.toAbsolutePath().normalize();
        requirePositive(startTimeout, "startTimeout");
        requirePositive(stopTimeout, "stopTimeout");
        Objects.requireNonNull(lifetime, "lifetime");
        Map<Integer, ServerPort> byNumber = new HashMap<>();
        for (Map.Entry<ServerPort, Integer> entry : portMap(kafkaPort, kafkaControllerPort, cassandraPort,
                cassandraStoragePort, cassandraJmxPort).entrySet()) {
            ServerPort port = entry.getKey();
            int number = entry.getValue();
            if (number < 1 || number > 65535) {
                throw new IllegalArgumentException(port.description() + " port must be between 1 and 65535, was "
                        + number + " (" + port.option() + " / " + port.environmentVariable() + ")");
            }
            ServerPort clash = byNumber.putIfAbsent(number, port);
            if (clash != null) {
                throw new IllegalArgumentException("The " + clash.description() + " and " + port.description()
                        + " ports are both " + number + ": each server port needs its own number");
            }
        }
    }

    /** The documented defaults: work dir {@code ./var}, Kafka 19092/19093, Cassandra 19042/17000/17199, detached. */
    public static ServerSettings defaults() {
        return new ServerSettings(DEFAULT_WORK_DIR, ServerPort.KAFKA.defaultPort(),
                ServerPort.KAFKA_CONTROLLER.defaultPort(), ServerPort.CASSANDRA_CQL.defaultPort(),
                ServerPort.CASSANDRA_STORAGE.defaultPort(), ServerPort.CASSANDRA_JMX.defaultPort(),
                DEFAULT_START_TIMEOUT, DEFAULT_STOP_TIMEOUT, ServerLifetime.DETACHED, false);
    }

    public int port(ServerPort port) {
        return switch (port) {
            case KAFKA -> kafkaPort;
            case KAFKA_CONTROLLER -> kafkaControllerPort;
            case CASSANDRA_CQL -> cassandraPort;
            case CASSANDRA_STORAGE -> cassandraStoragePort;
            case CASSANDRA_JMX -> cassandraJmxPort;
        };
    }

    /** The ports one server listens on, in {@link ServerPort} order. */
    public Map<ServerPort, Integer> ports(ServerKind server) {
        Map<ServerPort, Integer> ports = new EnumMap<>(ServerPort.class);
        server.ports().forEach(port -> ports.put(port, port(port)));
        return ports;
    }

    public ServerSettings withPort(ServerPort port, int number) {
        return new ServerSettings(workDir,
                port == ServerPort.KAFKA ? number : kafkaPort,
                port == ServerPort.KAFKA_CONTROLLER ? number : kafkaControllerPort,
                port == ServerPort.CASSANDRA_CQL ? number : cassandraPort,
                port == ServerPort.CASSANDRA_STORAGE ? number : cassandraStoragePort,
                port == ServerPort.CASSANDRA_JMX ? number : cassandraJmxPort,
                startTimeout, stopTimeout, lifetime, cassandraPasswordAuthentication);
    }

    public ServerSettings withWorkDir(Path dir) {
        return new ServerSettings(dir, kafkaPort, kafkaControllerPort, cassandraPort, cassandraStoragePort,
                cassandraJmxPort, startTimeout, stopTimeout, lifetime, cassandraPasswordAuthentication);
    }

    public ServerSettings withStopTimeout(Duration timeout) {
        return new ServerSettings(workDir, kafkaPort, kafkaControllerPort, cassandraPort, cassandraStoragePort,
                cassandraJmxPort, startTimeout, timeout, lifetime, cassandraPasswordAuthentication);
    }

    public ServerSettings withLifetime(ServerLifetime newLifetime) {
        return new ServerSettings(workDir, kafkaPort, kafkaControllerPort, cassandraPort, cassandraStoragePort,
                cassandraJmxPort, startTimeout, stopTimeout, newLifetime, cassandraPasswordAuthentication);
    }

    /**
     * Cassandra with {@code PasswordAuthenticator}: clients log in, at first as the built-in superuser
     * ({@link ServerEndpoints#CASSANDRA_SUPERUSER}). For tests of authenticated clients; off by default.
     */
    public ServerSettings withCassandraPasswordAuthentication() {
        return new ServerSettings(workDir, kafkaPort, kafkaControllerPort, cassandraPort, cassandraStoragePort,
                cassandraJmxPort, startTimeout, stopTimeout, lifetime, true);
    }

    private static Map<ServerPort, Integer> portMap(int kafka, int kafkaController, int cassandra,
                                                    int cassandraStorage, int cassandraJmx) {
        Map<ServerPort, Integer> ports = new EnumMap<>(ServerPort.class);
        ports.put(ServerPort.KAFKA, kafka);
        ports.put(ServerPort.KAFKA_CONTROLLER, kafkaController);
        ports.put(ServerPort.CASSANDRA_CQL, cassandra);
        ports.put(ServerPort.CASSANDRA_STORAGE, cassandraStorage);
        ports.put(ServerPort.CASSANDRA_JMX, cassandraJmx);
        return ports;
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
    }
}
