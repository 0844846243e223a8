package io.cryptostream.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Whether a server takes TCP connections now: the readiness check of a sink or a source. */
final class Reachability {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private Reachability() {
    }

    /** Why Kafka at {@code bootstrapServers} (host:port, comma-separated) is not usable: none answers. */
    static List<String> kafka(String bootstrapServers) {
        boolean any = Arrays.stream(bootstrapServers.split(",")).map(String::strip).anyMatch(Reachability::accepts);
        return any ? List.of() : List.of("Kafka at " + bootstrapServers + " unreachable");
    }

    /** Why Cassandra at {@code host}:{@code port} is not usable: it does not answer. */
    static List<String> cassandra(String host, int port) {
        return accepts(host + ":" + port) ? List.of() : List.of("Cassandra at " + host + ":" + port + " unreachable");
    }

    static boolean accepts(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
                    (int) CONNECT_TIMEOUT.toMillis());
            return true;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }
}
