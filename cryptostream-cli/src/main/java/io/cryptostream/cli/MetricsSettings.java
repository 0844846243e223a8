package io.cryptostream.cli;

import io.cryptostream.ingest.MetricsServer;

import java.io.PrintStream;

/** Where a command serves its metrics and health: {@value #HOST}:{@value #PORT}, port 0 serving nothing. */
final class MetricsSettings {

    static final String PORT = "metrics.port";
    static final String HOST = "metrics.host";

    private MetricsSettings() {
    }

    /**
     * Serves where the settings say; says where on {@code out}.
     *
     * @throws IllegalStateException naming the port and the flag when it cannot listen there
     */
    static MetricsServer start(CryptostreamConfig config, PrintStream out) {
        int port = config.integer(PORT);
        if (port < 0 || port > 65_535) {
            throw config.invalid(PORT, "must be a port number, or 0 to serve no metrics; was " + port);
        }
        if (port == 0) {
            return MetricsServer.unserved();
        }
        String host = config.string(HOST);
        MetricsServer server;
        try {
            server = MetricsServer.serve(host, port);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + ": choose another port with --metrics-port (cryptostream."
                    + PORT + ", CRYPTOSTREAM_METRICS_PORT), or 0 to serve no metrics", e.getCause());
        }
        out.println("Metrics at http://" + host + ":" + port + "/metrics, health at /health/live and /health/ready");
        return server;
    }
}
