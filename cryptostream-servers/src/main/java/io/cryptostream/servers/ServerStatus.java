package io.cryptostream.servers;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What one local server is doing, as seen from the state file and the process table.
 *
 * @param ports   the recorded ports of a running server, or the configured ports of a stopped one
 * @param logFile the server's own log (configuration and JVM output go to files next to it)
 */
public record ServerStatus(ServerKind server, State state, OptionalLong pid, Map<ServerPort, Integer> ports,
                           Path logFile) {

    public enum State {
        /** The process is alive and its client port accepts connections. */
        RUNNING,
        /** The process is alive but its client port does not accept connections (starting, hung or stopping). */
        NOT_ANSWERING,
        STOPPED
    }

    public ServerStatus {
        ports = Map.copyOf(ports);
    }

    public boolean isRunning() {
        return state == State.RUNNING;
    }

    public int clientPort() {
        return ports.get(server.clientPort());
    }

    /** The client endpoint, e.g. {@code 127.0.0.1:19092}. */
    public String endpoint() {
        return LocalServers.HOST + ":" + clientPort();
    }

    /** One line for people, e.g. "Kafka: running, pid 4242, 127.0.0.1:19092, log var/kafka/logs/server.log". */
    public String describe() {
        return switch (state) {
            case RUNNING -> server.displayName() + ": running, pid " + pid.orElseThrow() + ", " + endpoint()
                    + ", log " + logFile;
            case NOT_ANSWERING -> server.displayName() + ": process " + pid.orElseThrow()
                    + " is alive but " + endpoint() + " does not accept connections, log " + logFile;
            case STOPPED -> server.displayName() + ": not running";
        };
    }
}
