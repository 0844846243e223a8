package io.cryptostream.cli;

import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** Runs the exchange simulator alone, for trying ingest or another client against it. */
@Command(name = "simulator", mixinStandardHelpOptions = true,
        header = "Run the CryptoCompare streamer simulator alone.",
        description = {"Run the local CryptoCompare streamer v2 simulator until Ctrl-C, for trying a client against it.",
                "Connect with ws://127.0.0.1:PORT/v2 and any API key (or the one in CRYPTOSTREAM_SIMULATOR_API_KEY)."})
final class SimulatorCommand implements Runnable {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "18080", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--trades-per-second", paramLabel = "N", defaultValue = "5", description = "Trades per second per subscribed market (default: ${DEFAULT-VALUE}).")
    double tradesPerSecond;

    @Option(names = "--heartbeat", paramLabel = "SECONDS", defaultValue = "30", description = "Heartbeat interval (default: ${DEFAULT-VALUE}).")
    int heartbeatSeconds;

    @Override
    public void run() {
        String key = System.getenv("CRYPTOSTREAM_SIMULATOR_API_KEY");
        try (SimulatorServer server = SimulatorServer.start(SimulatorConfig.builder()
                .port(port).apiKey(key == null || key.isBlank() ? null : key.strip())
                .tradesPerSecond(tradesPerSecond).heartbeatInterval(Duration.ofSeconds(heartbeatSeconds))
                .seed(System.currentTimeMillis()).recordEmittedTrades(false).build())) {
            System.out.println("CryptoCompare simulator listening at " + server.uri() + " (Ctrl-C to stop)");
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
