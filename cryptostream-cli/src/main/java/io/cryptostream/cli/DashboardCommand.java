package io.cryptostream.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import io.cryptostream.store.CassandraSessions;
import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.StoreSchema;
import io.cryptostream.store.WindowQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.util.concurrent.CountDownLatch;

/** Serves the live candle chart of the markets in Cassandra until Ctrl-C; it only reads. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        header = "Serve a live candle chart of the stored markets in the browser.",
        description = {"A web page on 127.0.0.1 with the candles, volume and buy/sell volume of each market in the "
                + StoreSchema.CANDLES_TABLE + " table, at every interval candles --interval offers and rolled up as it "
                + "does, updated every few seconds. It only reads. Runs until Ctrl-C.",
                "JSON: /api/markets, /api/intervals, /api/pipeline (the --metrics-url run's meters), /api/candles?exchange=&market=&from=&to=[&interval=1m][&fill=true] "
                        + "(decimals as exact strings, as candles --format json prints them)."})
final class DashboardCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    CassandraOptions cassandra;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port on 127.0.0.1; 0 picks a free one (default: ${bundle:default.dashboard.port}).")
    String port;

    @Option(names = "--metrics-url", paramLabel = "URL",
            description = "A run's metrics, e.g. http://127.0.0.1:9464/metrics, for the page's pipeline panel "
                    + "(default: none; the panel says so).")
    URI metricsUrl;

    @Override
    public void run() {
        if (metricsUrl != null && (!"http".equals(metricsUrl.getScheme()) && !"https".equals(metricsUrl.getScheme())
                || metricsUrl.getHost() == null)) {
            throw new ParameterException(spec.commandLine(), "--metrics-url must be an http:// URL of a run's "
                    + "metrics, e.g. http://127.0.0.1:9464/metrics; was '" + metricsUrl + "'");
        }
        CryptostreamConfig config = cassandra.load(new FlagSettings().put(DashboardServer.PORT, "--port", port));
        int dashboardPort = DashboardServer.port(config);
        CassandraSettings settings = Endpoints.resolveCassandra(config, System.err);
        try (CqlSession session = CassandraSessions.open(settings);
             DashboardServer server = DashboardServer.start(queries(session, settings),
                     metricsUrl == null ? PipelineMetrics.none() : PipelineMetrics.at(metricsUrl), dashboardPort)) {
            System.out.println("Dashboard at " + server.uri() + " reading " + settings.keyspace() + "."
                    + StoreSchema.CANDLES_TABLE + " at " + settings.address() + " (Ctrl-C to stop)");
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The reads, prepared against the tables: missing tables mean nothing has run yet. */
    private static WindowQueries queries(CqlSession session, CassandraSettings settings) {
        try {
            return new WindowQueries(session, settings);
        } catch (InvalidQueryException e) {
            throw new IllegalStateException("Cassandra at " + settings.address() + " has no " + settings.keyspace() + "."
                    + StoreSchema.CANDLES_TABLE + " to show (" + e.getMessage() + "): store candles first, e.g. with "
                    + "./cryptostream demo, or pass the keyspace that holds them with --keyspace", e);
        }
    }
}
