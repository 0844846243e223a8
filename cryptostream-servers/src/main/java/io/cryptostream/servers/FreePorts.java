package io.cryptostream.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Servers on free ports of {@link LocalServers#HOST}, beside the user's own (the tests, the bench). */
public final class FreePorts {

    private FreePorts() {
    }

    /** {@code settings} with every server port a free one, no two the same. */
    public static ServerSettings assign(ServerSettings settings) {
        List<Integer> ports = find(ServerPort.values().length);
        for (ServerPort port : ServerPort.values()) {
            settings = settings.withPort(port, ports.get(port.ordinal()));
        }
        return settings;
    }

    /** Holds all sockets open until every port is chosen, so no two of them get the same number. */
    private static List<Integer> find(int count) {
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
                    // A probe socket that does not close is harmless: its port is simply not reused.
                }
            }
        }
    }
}
