package io.cryptostream.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Forwards a local port to a target, from {@link #open()} on: a server that is "not up yet" until then. */
final class TcpForwarder implements AutoCloseable {

    private final int port;
    private final String targetHost;
    private final int targetPort;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    TcpForwarder(String targetHostPort) throws IOException {
        String[] hostPort = targetHostPort.split(":");
        this.targetHost = hostPort[0];
        this.targetPort = Integer.parseInt(hostPort[1]);
        try (ServerSocket probe = new ServerSocket(0)) {
            this.port = probe.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    void open() throws IOException {
        ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        open.add(server);
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket client = server.accept();
                    Socket target = new Socket(targetHost, targetPort);
                    open.add(client);
                    open.add(target);
                    pump(client.getInputStream(), target.getOutputStream());
                    pump(target.getInputStream(), client.getOutputStream());
                }
            } catch (IOException closed) {
                // The forwarder was closed.
            }
        }, "tcp-forwarder-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void pump(InputStream from, OutputStream to) {
        Thread pump = new Thread(() -> {
            try {
                from.transferTo(to);
            } catch (IOException closed) {
                // Either side closed.
            }
        });
        pump.setDaemon(true);
        pump.start();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }
}
