package io.cryptostream.cli;

import io.cryptostream.exchange.cryptocompare.CryptoCompareSubscriptions;
import io.cryptostream.ingest.ApiKey;
import io.cryptostream.ingest.IngestSettings;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Where trades come from: the built-in simulator (offline, started here) or the real CryptoCompare streamer.
 * Owns the simulator's lifetime.
 */
final class TradeFeed implements AutoCloseable {

    static final String SIMULATOR = "simulator";
    static final String CRYPTOCOMPARE = "cryptocompare";

    private final IngestSettings ingestSettings;
    private final SimulatorServer simulator;
    private final String description;

    private TradeFeed(IngestSettings ingestSettings, SimulatorServer simulator, String description) {
        this.ingestSettings = ingestSettings;
        this.simulator = simulator;
        this.description = description;
    }

    static TradeFeed open(CryptostreamConfig config, Optional<Duration> runFor) {
        String source = config.string("source");
        List<String> watchlist = config.strings("watchlist");
        watchlist.forEach(CryptoCompareSubscriptions::parseTradeSub);
        IngestSettings.Builder ingest = IngestSettings.builder().subscriptions(watchlist).runFor(runFor);
        return switch (source) {
            case SIMULATOR -> {
                // A fresh key per run: the simulator enforces auth exactly like the real streamer.
                ApiKey key = ApiKey.of(HexFormat.of().formatHex(new SecureRandom().generateSeed(16)));
                Duration heartbeat = config.duration("simulator.heartbeat-interval");
                SimulatorServer server = SimulatorServer.start(SimulatorConfig.builder()
                        .port(config.integer("simulator.port"))
                        .apiKey(key.reveal())
                        .heartbeatInterval(heartbeat)
                        .tradesPerSecond(config.number("simulator.trades-per-second"))
                        // Fresh trade ids on every run, so runs never look like duplicates of each other downstream.
                        .seed(System.currentTimeMillis())
                        .recordEmittedTrades(false)
                        .build());
                yield new TradeFeed(ingest.url(server.uri()).apiKey(key).heartbeatInterval(heartbeat).build(), server,
                        "the simulator at " + server.uri());
            }
            case CRYPTOCOMPARE -> {
                ApiKey key = cryptoCompareKey(config);
                URI url = URI.create(config.string("cryptocompare.url"));
                yield new TradeFeed(ingest.url(url).apiKey(key)
                        .heartbeatInterval(config.duration("cryptocompare.heartbeat-interval")).build(), null,
                        "CryptoCompare at " + url);
            }
            default -> throw new IllegalArgumentException("Unknown source '" + source + "': use simulator or cryptocompare");
        };
    }

    private static ApiKey cryptoCompareKey(CryptostreamConfig config) {
        Optional<ApiKey> fromEnvironment = ApiKey.fromEnvironment(System.getenv(), "CRYPTOCOMPARE_API_KEY");
        if (fromEnvironment.isPresent()) {
            return fromEnvironment.get();
        }
        return config.optionalString("cryptocompare.api-key-file").map(file -> ApiKey.fromFile(Path.of(file)))
                .orElseThrow(() -> new IllegalArgumentException("The CryptoCompare source needs an API key: set the "
                        + "environment variable CRYPTOCOMPARE_API_KEY, or put the key in a file and pass "
                        + "--api-key-file FILE (keys are never accepted on the command line). "
                        + "To try cryptostream without a key, use --source simulator."));
    }

    IngestSettings ingestSettings() {
        return ingestSettings;
    }

    String description() {
        return description;
    }

    @Override
    public void close() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
