package io.cryptostream.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** Ports on {@link LocalServers#HOST}: whether they are free, whether something listens, which are free now. */
public final class LoopbackPorts {

    private static final int CONNECT_TIMEOUT_MS = 500;

    private LoopbackPorts() {
    }

    /** {@code settings} with every server port a free one, no two the same: servers beside the user's own. */
    public static ServerSettings assignFree(ServerSettings settings) {
        List<Integer> ports = free(ServerPort.values().length);
        for (ServerPort port : ServerPort.values()) {
            settings = settings.withPort(port, ports.get(port.ordinal()));
        }
        return settings;
    }

    /** Holds all sockets open until every port is chosen, so no two of them get the same number. */
    public static List<Integer> free(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                sockets.add(socket);
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(LocalServers.HOST, 0));
                ports.add(socket.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find free ports on " + LocalServers.HOST, e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // A probe socket that does not close still freed its port for the caller's purpose.
                }
            }
        }
    }

    /** @throws PortInUseException if another process listens on {@code number} */
    static void requireFree(ServerPort port, int number) {
        try (ServerSocket socket = new ServerSocket()) {
            // Lets a port in TIME_WAIT after a recent stop count as free, as it does for the servers themselves.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LocalServers.HOST, number));
        } catch (BindException e) {
            throw new PortInUseException(port, number);
        } catch (IOException e) {
            throw new ServerStartException("Cannot check whether port " + number + " (" + port.description()
                    + ") is free: " + e.getMessage(), e);
        }
    }

    public static boolean acceptsConnections(int port) {
        return acceptsConnections(LocalServers.HOST, port);
    }

    /** For servers on another loopback address, such as the second Cassandra node's 127.0.0.2. */
    static boolean acceptsConnections(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
