package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.exchange.Venue;
import io.cryptostream.exchange.Venues;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorProtocols;
import io.cryptostream.simulator.SimulatorServer;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A venue of the registry ({@link Venues#all()}) as the simulator serves it and as ingest reads it, with the facts of
 * its protocol that the {@link VenueContractTest} expects. {@link #ALL} is every registered venue: a new one joins
 * the contract by its registry line, and fails it, naming itself, until its facts are added to {@link #FACTS}.
 *
 * @param venue the venue as registered
 * @param facts what the contract expects of it
 */
record VenuePair(Venue venue, Facts facts) {

    /**
     * @param markets                    the watchlist, in the venue's notation; empty for the venue's default markets
     * @param settings                   what the venue's ingest settings need beyond URL, markets and key
     * @param simulatorConfig            what the venue's simulator needs beyond the defaults and key (a replay length)
     * @param subscribeAcks              subscription acknowledgements per connection
     * @param subscribeAcksAtStop        answers to the unsubscribe that still read as a subscription acknowledgement
     * @param unsubscribeAcks            unsubscribe acknowledgements at a stop (none where the venue answers with the
     *                                   subscriptions left, and lists none)
     * @param unhandledType              the type the venue's unknown frame is counted under
     * @param malformedOfFirstMarket     of the simulator's 3 malformed frames, those that name the first market
     * @param rejectedOnForcedDisconnect the refusals a forced disconnect is counted as
     * @param reconnectRequestedOnForcedDisconnect true when the venue says "reconnect" before it disconnects
     * @param serverHeartbeats           true when the venue's own heartbeats alone keep a quiet socket fresh (no client
     *                                   pings whose answers would)
     */
    record Facts(List<String> markets,
                 UnaryOperator<IngestSettings.Builder> settings,
                 UnaryOperator<SimulatorConfig.Builder> simulatorConfig,
                 int subscribeAcks,
                 int subscribeAcksAtStop,
                 int unsubscribeAcks,
                 String unhandledType,
                 int malformedOfFirstMarket,
                 Map<String, Long> rejectedOnForcedDisconnect,
                 boolean reconnectRequestedOnForcedDisconnect,
                 boolean serverHeartbeats) {
    }

    private static final String KEY = "sim-key-5d1e";

    /** The contract's expectations, by registry name. */
    private static final Map<String, Facts> FACTS = Map.of(
            "cryptocompare", new Facts(List.of(), UnaryOperator.identity(), UnaryOperator.identity(),
                    5, 0, 5, "2", 3, Map.of("500 FORCE_DISCONNECT", 1L), false, true),
            "binance", new Facts(List.of("BTCUSDT", "ETHUSDT"), UnaryOperator.identity(), UnaryOperator.identity(),
                    1, 0, 1, "bookTicker", 3, Map.of(), true, false),
            "binance-futures", new Facts(List.of("BTCUSDT"), UnaryOperator.identity(), UnaryOperator.identity(),
                    1, 0, 1, "bookTicker", 3, Map.of(), true, false),
            // Trades and live orders of 3 markets: 6 channels, each acknowledged.
            "bitstamp", new Facts(List.of("BTC-USD", "ethusd", "ETH/BTC"), UnaryOperator.identity(),
                    UnaryOperator.identity(), 6, 0, 6, "data on diff_order_book", 2, Map.of(), true, false),
            // Coinbase replays 1 trade on subscribe, like its last_match.
            "coinbase", new Facts(List.of("BTC-USD", "ETH-USD"), UnaryOperator.identity(),
                    config -> config.replayOnSubscribe(1), 1, 0, 0, "ticker", 3, Map.of("0 Connection closed", 1L),
                    false, true),
            // On Advanced Trade, the answer to the first of the two unsubscribe messages still lists heartbeats and
            // so reads as one more subscription acknowledgement.
            "coinbase-advanced", new Facts(List.of("BTC-USD", "ETH-USD"), UnaryOperator.identity(),
                    config -> config.replayOnSubscribe(1), 2, 1, 0, "ticker", 3,
                    Map.of("0 the server is closing this connection; reconnect and subscribe again", 1L), false, true),
            "kraken", new Facts(List.of("BTC/USD", "XBT/EUR", "XDG/USD"),
                    settings -> settings.heartbeatInterval(Duration.ofSeconds(2)), UnaryOperator.identity(),
                    3, 0, 3, "ticker", 3, Map.of(), false, false));

    static final List<VenuePair> ALL = Venues.all().stream().map(VenuePair::of).toList();

    private static VenuePair of(Venue venue) {
        Facts facts = FACTS.get(venue.name());
        if (facts == null) {
            throw new IllegalStateException("The venue contract has no expected facts for " + venue.name()
                    + ": add them to VenuePair.FACTS");
        }
        return new VenuePair(venue, facts);
    }

    static VenuePair named(String name) {
        return ALL.stream().filter(pair -> pair.name().equals(name)).findFirst().orElseThrow();
    }

    String name() {
        return venue.name();
    }

    /** A simulator of this venue, as {@code config} describes it and the venue needs it. */
    SimulatorConfig simulatorConfig(SimulatorConfig.Builder config) {
        SimulatorConfig.Builder imitating = config.protocol(SimulatorProtocols.forVenue(venue));
        return facts.simulatorConfig().apply(venue.needsApiKey() ? imitating.apiKey(KEY) : imitating).build();
    }

    /** Ingest settings for this venue's simulator, its history too, with quick reconnects for tests. */
    IngestSettings.Builder settingsFor(SimulatorServer sim) {
        return settings(sim.uri())
                .gapFill(GapFillSettings.defaults().historyBase(sim.historyUri()))
                .minReconnectDelay(Duration.ofMillis(100))
                .maxReconnectDelay(Duration.ofSeconds(1))
                .rateLimitedWait(Duration.ofSeconds(1))
                .stopGracePeriod(Duration.ofSeconds(5));
    }

    private IngestSettings.Builder settings(URI url) {
        IngestSettings.Builder settings = IngestSettings.builder().url(url).markets(markets());
        return facts.settings().apply(venue.needsApiKey() ? settings.apiKey(ApiKey.of(KEY)) : settings);
    }

    /** The ingest side of this venue, as run reads it. */
    VenueProtocol ingest(IngestSettings settings) {
        return IngestProtocols.forVenue(venue, settings);
    }

    /** True when the client pings this venue to keep the connection alive or to prove it is. */
    boolean clientPings() {
        return ingest(settings(URI.create("ws://127.0.0.1:1/")).build()).clientPing().isPresent();
    }

    List<Market> markets() {
        return venue.markets(facts.markets().isEmpty() ? venue.defaultMarkets() : facts.markets());
    }

    /** Market subscriptions one connection holds: trades, and orders where the venue carries them (ingest takes both). */
    int channels() {
        return markets().size() * (venue.carriesOrders() ? 2 : 1);
    }

    @Override
    public String toString() {
        return name();
    }
}
