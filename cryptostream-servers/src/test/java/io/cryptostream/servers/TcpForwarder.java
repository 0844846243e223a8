package io.cryptostream.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * For tests: a TCP proxy on a local port in front of a real server, which can be cut (every connection closed,
 * new ones refused, as when the server is down) and opened again on the same port.
 */
public final class TcpForwarder implements AutoCloseable {

    private final int port;
    private final String targetHost;
    private final int targetPort;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    /** Not listening until {@link #open()}: a server that is "not up yet". */
    public TcpForwarder(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            this.port = probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for a TCP forwarder", e);
        }
    }

    public int port() {
        return port;
    }

    /** Starts accepting connections and forwarding them to the target; does nothing when it already does. */
    public synchronized void open() {
        if (open.stream().anyMatch(ServerSocket.class::isInstance)) {
            return;
        }
        ServerSocket server;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
        open.add(server);
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket client = server.accept();
                    open.add(client);
                    try {
                        Socket target = new Socket(targetHost, targetPort);
                        open.add(target);
                        pump(client.getInputStream(), target.getOutputStream());
                        pump(target.getInputStream(), client.getOutputStream());
                    } catch (IOException targetDown) {
                        client.close();
                    }
                }
            } catch (IOException closed) {
                // The forwarder was cut or closed.
            }
        }, "tcp-forwarder-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Closes every connection and stops listening, as a server going down would. */
    public synchronized void cut() {
        for (AutoCloseable closeable : open) {
            try {
                closeable.close();
            } catch (Exception alreadyClosed) {
                // Closing is all that is wanted.
            }
        }
        open.clear();
    }

    private static void pump(InputStream from, OutputStream to) {
        Thread pump = new Thread(() -> {
            try (from; to) {
                from.transferTo(to);
            } catch (IOException closed) {
                // Either side closed.
            }
        });
        pump.setDaemon(true);
        pump.start();
    }

    @Override
    public void close() {
        cut();
    }
}
