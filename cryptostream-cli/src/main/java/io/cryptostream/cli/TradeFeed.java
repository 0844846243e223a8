package io.cryptostream.cli;

import io.cryptostream.exchange.Venues;
import io.cryptostream.exchange.cryptocompare.CryptoCompare;
import io.cryptostream.exchange.Venue;
import io.cryptostream.simulator.SimulatorProtocols;
import io.cryptostream.ingest.IngestProtocols;
import io.cryptostream.domain.Market;
import io.cryptostream.ingest.ApiKey;
import io.cryptostream.ingest.CryptoCompareProtocol;
import io.cryptostream.ingest.IngestRun;
import io.cryptostream.ingest.IngestService;
import io.cryptostream.domain.TradeCheck;
import io.cryptostream.ingest.GapFillSettings;
import io.cryptostream.ingest.IngestSettings;
import io.cryptostream.ingest.OrderSink;
import io.cryptostream.ingest.TradeSink;
import io.cryptostream.ingest.VenueProtocol;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import org.apache.pekko.actor.ActorSystem;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where trades come from: a venue's real endpoint, or the built-in simulator speaking that venue's protocol
 * (offline). Owns the simulator and the actor system ingest runs on.
 */
final class TradeFeed implements AutoCloseable {

    /** The original tutorial's name for the simulated CryptoCompare streamer. */
    static final String SIMULATOR = "simulator";

    private final Venue venue;
    private final IngestSettings ingestSettings;
    private final SimulatorServer simulator;
    private final ActorSystem system;
    private final String description;

    private TradeFeed(Venue venue, IngestSettings ingestSettings, SimulatorServer simulator, ActorSystem system,
                      String description) {
        this.venue = venue;
        this.ingestSettings = ingestSettings;
        this.simulator = simulator;
        this.system = system;
        this.description = description;
    }

    /** The venue the configured source names. */
    static Venue venueOf(CryptostreamConfig config) {
        return venueNamed(config.string("venue"));
    }

    /** The venue of a name the user gave, in any case; {@value #SIMULATOR} is the simulated CryptoCompare streamer. */
    static Venue venueNamed(String name) {
        if (isSimulator(name)) {
            return CryptoCompare.VENUE;
        }
        return Venues.byName(name).orElseThrow(() -> new IllegalArgumentException("Unknown venue '" + name
                + "': use one of " + String.join(", ", Venues.names()) + " (or " + SIMULATOR
                + ", the simulated CryptoCompare streamer)"));
    }

    private static boolean isSimulator(String name) {
        return name.strip().equalsIgnoreCase(SIMULATOR);
    }
    /**
     * Looks up the configured venue, its markets, its endpoint and the topic format, so that a typo ends a command before it starts
     * servers or Spark; the error names the flag or setting.
     */
    static void check(CryptostreamConfig config) {
        Venue venue;
        try {
            venue = venueOf(config);
        } catch (IllegalArgumentException e) {
            throw config.invalid("venue", e.getMessage());
        }
        try {
            venue.markets(marketNames(config, venue));
        } catch (IllegalArgumentException e) {
            throw config.invalid(venue == CryptoCompare.VENUE ? "watchlist" : "markets", e.getMessage());
        }
        try {
            config.optionalStringIfPresent(venue.name() + ".url").ifPresent(URI::create);
        } catch (IllegalArgumentException e) {
            throw config.invalid(venue.name() + ".url", "not a URL: " + e.getMessage());
        }
        try {
            config.optionalStringIfPresent(venue.name() + ".history-url").ifPresent(URI::create);
        } catch (IllegalArgumentException e) {
            throw config.invalid(venue.name() + ".history-url", "not a URL: " + e.getMessage());
        }
        if (venue.needsApiKey() && !simulated(config)) {
            cryptoCompareKey(config);
        }
        TradePipeline.tradeFormat(config);
    }

    private static boolean simulated(CryptostreamConfig config) {
        return isSimulator(config.string("venue")) || config.bool("simulate");
    }

    static TradeFeed open(CryptostreamConfig config, Optional<Duration> runFor) {
        boolean simulated = simulated(config);
        Venue venue = venueOf(config);
        List<Market> markets = venue.markets(marketNames(config, venue));
        IngestSettings.Builder ingest = IngestSettings.builder().markets(markets).runFor(runFor)
                .heartbeatInterval(venue.liveness().heartbeatInterval())
                .reconnectBudget(config.duration("ingest.reconnect-budget"))
                .dedupeTail(config.integer("ingest.dedupe-tail"))
                .tradeCheck(new TradeCheck(config.duration(TradePipeline.MAX_EVENT_TIME_AHEAD)));
        GapFillSettings gapFill = gapFill(config);
        ingest.gapFill(gapFill);
        ActorSystem system = IngestService.actorSystem("cryptostream", "WARNING");
        try {
            if (simulated) {
                // A fresh key per run: the simulator enforces auth exactly like the real streamer.
                ApiKey key = ApiKey.of(HexFormat.of().formatHex(new SecureRandom().generateSeed(16)));
                Duration heartbeat = venue == CryptoCompare.VENUE
                        ? config.duration("simulator.heartbeat-interval") : venue.liveness().heartbeatInterval();
                SimulatorServer server = SimulatorServer.start(SimulatorConfig.builder()
                        .protocol(SimulatorProtocols.forVenue(venue))
                        .port(config.integer("simulator.port"))
                        .apiKey(venue.needsApiKey() ? key.reveal() : null)
                        .heartbeatInterval(heartbeat)
                        .tradesPerSecond(config.number("simulator.trades-per-second"))
                        // Fresh trade ids on every run, so runs never look like duplicates of each other downstream.
                        .seed(System.currentTimeMillis())
                        .recordEmittedTrades(false)
                        // The REST history a gap is filled from: the latest trades of each market, bounded.
                        .historyDepth(gapFill.enabled() ? SimulatorConfig.DEFAULT_HISTORY_DEPTH : 0)
                        .build(), system);
                if (venue.needsApiKey()) {
                    ingest.apiKey(key);
                }
                return new TradeFeed(venue, ingest.url(server.uri()).heartbeatInterval(heartbeat)
                        .gapFill(gapFill.historyBase(server.historyUri())).build(), server, system,
                        "the " + venue.name() + " simulator at " + server.uri());
            }
            URI url = config.optionalStringIfPresent(venue.name() + ".url").map(URI::create).orElse(venue.endpoint());
            if (venue.needsApiKey()) {
                ingest.apiKey(cryptoCompareKey(config));
            }
            config.optionalStringIfPresent(venue.name() + ".history-url").map(URI::create)
                    .ifPresent(historyUrl -> ingest.gapFill(gapFill.historyBase(historyUrl)));
            return new TradeFeed(venue, ingest.url(url).build(), null, system, venue.name() + " at " + url);
        } catch (RuntimeException e) {
            system.terminate();
            throw e;
        }
    }

    /**
     * Gap fill as the settings give it, knowing the job's watermark so that trades recovered behind it are reported;
     * the history's address is the feed's to add.
     */
    static GapFillSettings gapFill(CryptostreamConfig config) {
        return GapFillSettings.defaults().enabled(config.bool("ingest.gap-fill")).apiKey(historyKey(config))
                .watermark(config.duration("spark.watermark"));
    }

    private static List<String> marketNames(CryptostreamConfig config, Venue venue) {
        if (venue == CryptoCompare.VENUE) {
            return config.strings("watchlist");
        }
        List<String> named = config.strings("markets");
        return named.isEmpty() ? venue.defaultMarkets() : named;
    }

    /** The key of a REST trade history that needs one: the environment first, then the key file; none is fine. */
    private static Optional<ApiKey> historyKey(CryptostreamConfig config) {
        return ApiKey.fromEnvironment(System.getenv(), GapFillSettings.API_KEY_ENVIRONMENT_VARIABLE)
                .or(() -> config.optionalString("ingest.history-api-key-file").map(file -> ApiKey.fromFile(Path.of(file))));
    }

    private static ApiKey cryptoCompareKey(CryptostreamConfig config) {
        Optional<ApiKey> fromEnvironment = ApiKey.fromEnvironment(System.getenv(), CryptoCompareProtocol.API_KEY_ENVIRONMENT_VARIABLE);
        if (fromEnvironment.isPresent()) {
            return fromEnvironment.get();
        }
        return config.optionalString("cryptocompare.api-key-file").map(file -> ApiKey.fromFile(Path.of(file)))
                .orElseThrow(() -> new IllegalArgumentException("The CryptoCompare venue needs an API key: set the "
                        + "environment variable " + CryptoCompareProtocol.API_KEY_ENVIRONMENT_VARIABLE + ", or put the key in a file and pass "
                        + "--api-key-file FILE (keys are never accepted on the command line). "
                        + "To try cryptostream without a key, use --venue simulator."));
    }

    /**
     * Starts ingest into {@code trades} (and {@code orders}, for a venue that streams them); {@code protocolWrapper}
     * may decorate the venue protocol (recording).
     */
    IngestRun ingest(TradeSink trades, Optional<OrderSink> orders, UnaryOperator<VenueProtocol> protocolWrapper) {
        return IngestService.run(system, protocolWrapper.apply(IngestProtocols.forVenue(venue, ingestSettings)),
                ingestSettings, trades, orders);
    }

    IngestSettings ingestSettings() {
        return ingestSettings;
    }

    Venue venue() {
        return venue;
    }

    String description() {
        return description;
    }

    @Override
    public void close() {
        if (simulator != null) {
            simulator.close();
        }
        system.terminate();
    }
}
