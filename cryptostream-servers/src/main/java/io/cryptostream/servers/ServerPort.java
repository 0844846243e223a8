package io.cryptostream.servers;

import java.util.Arrays;
import java.util.List;

/**
 * Every port the local servers listen on, with the command-line option and environment variable a person
 * uses to move it (the CLI defines those; they are named here so error messages can point at them).
 */
public enum ServerPort {
    KAFKA(ServerKind.KAFKA, "port", "Kafka", 19092, "--kafka-port", "CRYPTOSTREAM_KAFKA_PORT"),
    KAFKA_CONTROLLER(ServerKind.KAFKA, "controller-port", "Kafka controller", 19093,
            "--kafka-controller-port", "CRYPTOSTREAM_KAFKA_CONTROLLER_PORT"),
    CASSANDRA_CQL(ServerKind.CASSANDRA, "cql-port", "Cassandra CQL", 19042,
            "--cassandra-port", "CRYPTOSTREAM_CASSANDRA_PORT"),
    CASSANDRA_STORAGE(ServerKind.CASSANDRA, "storage-port", "Cassandra storage", 17000,
            "--cassandra-storage-port", "CRYPTOSTREAM_CASSANDRA_STORAGE_PORT"),
    CASSANDRA_JMX(ServerKind.CASSANDRA, "jmx-port", "Cassandra JMX", 17199,
            "--cassandra-jmx-port", "CRYPTOSTREAM_CASSANDRA_JMX_PORT");

    private final ServerKind server;
    private final String key;
    private final String description;
    private final int defaultPort;
    private final String option;
    private final String environmentVariable;

    ServerPort(ServerKind server, String key, String description, int defaultPort, String option,
               String environmentVariable) {
        this.server = server;
        this.key = key;
        this.description = description;
        this.defaultPort = defaultPort;
        this.option = option;
        this.environmentVariable = environmentVariable;
    }

    public ServerKind server() {
        return server;
    }

    /** Name of this port in the state file, unique within its server. */
    String key() {
        return key;
    }

    /** What a person calls it, e.g. "Cassandra CQL". */
    public String description() {
        return description;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public String option() {
        return option;
    }

    public String environmentVariable() {
        return environmentVariable;
    }

    static List<ServerPort> of(ServerKind server) {
        return Arrays.stream(values()).filter(port -> port.server == server).toList();
    }
}
