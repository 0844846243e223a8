package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.exchange.binance.BinanceVenue;
import io.cryptostream.exchange.bitstamp.BitstampSymbols;
import io.cryptostream.exchange.coinbase.CoinbaseSymbols;
import io.cryptostream.exchange.kraken.KrakenSymbols;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A venue as the simulator serves it and as ingest reads it, with the facts of its protocol that the
 * {@link VenueContractTest} expects. {@link #ALL} is the one list of venues the contract covers.
 *
 * @param simulator                  the simulator side of the venue
 * @param ingest                     the ingest side of the venue
 * @param settings                   ingest settings for the venue at this URL, markets included
 * @param simulatorConfig            what the venue's simulator needs beyond the defaults (a key, a replay length)
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
record VenuePair(String name,
                 Supplier<io.cryptostream.simulator.VenueProtocol> simulator,
                 Function<IngestSettings, VenueProtocol> ingest,
                 Function<URI, IngestSettings.Builder> settings,
                 UnaryOperator<SimulatorConfig.Builder> simulatorConfig,
                 int subscribeAcks,
                 int subscribeAcksAtStop,
                 int unsubscribeAcks,
                 String unhandledType,
                 int malformedOfFirstMarket,
                 Map<String, Long> rejectedOnForcedDisconnect,
                 boolean reconnectRequestedOnForcedDisconnect,
                 boolean serverHeartbeats) {

    private static final String KEY = "sim-key-5d1e";
    private static final List<Market> BINANCE = List.of(new Market("Binance", "BTC", "USDT"),
            new Market("Binance", "ETH", "USDT"));
    private static final List<Market> BINANCE_FUTURES = List.of(new Market("BinanceFutures", "BTC", "USDT"));
    private static final List<Market> BITSTAMP = List.of(BitstampSymbols.parse("BTC-USD"),
            BitstampSymbols.parse("ethusd"), BitstampSymbols.parse("ETH/BTC"));
    private static final List<Market> COINBASE = List.of(CoinbaseSymbols.market("BTC-USD"),
            CoinbaseSymbols.market("ETH-USD"));
    private static final List<Market> KRAKEN = List.of(KrakenSymbols.market("BTC/USD"), KrakenSymbols.market("XBT/EUR"),
            KrakenSymbols.market("XDG/USD"));

    static final List<VenuePair> ALL = List.of(
            new VenuePair("CryptoCompare", io.cryptostream.simulator.CryptoCompareProtocol::new,
                    CryptoCompareProtocol::new, url -> IngestSettings.builder().url(url).apiKey(ApiKey.of(KEY)),
                    config -> config.apiKey(KEY), 5, 0, 5, "2", 3, Map.of("500 FORCE_DISCONNECT", 1L), false, true),
            new VenuePair("Binance", () -> new io.cryptostream.simulator.BinanceProtocol(BinanceVenue.SPOT),
                    settings -> new BinanceProtocol(BinanceVenue.SPOT, settings),
                    url -> BinanceProtocol.settings(BinanceVenue.SPOT, BINANCE).url(url),
                    UnaryOperator.identity(), 1, 0, 1, "bookTicker", 3, Map.of(), true, false),
            new VenuePair("BinanceFutures", () -> new io.cryptostream.simulator.BinanceProtocol(BinanceVenue.USDM_FUTURES),
                    settings -> new BinanceProtocol(BinanceVenue.USDM_FUTURES, settings),
                    url -> BinanceProtocol.settings(BinanceVenue.USDM_FUTURES, BINANCE_FUTURES).url(url),
                    UnaryOperator.identity(), 1, 0, 1, "bookTicker", 3, Map.of(), true, false),
            new VenuePair("Bitstamp", io.cryptostream.simulator.BitstampProtocol::new, BitstampProtocol::new,
                    url -> IngestSettings.builder().url(url).markets(BITSTAMP),
                    UnaryOperator.identity(), 3, 0, 3, "data on diff_order_book", 2, Map.of(), true, false),
            // Coinbase replays 1 trade on subscribe, like its last_match.
            new VenuePair("Coinbase", io.cryptostream.simulator.CoinbaseProtocol::new, CoinbaseProtocol::new,
                    url -> IngestSettings.builder().url(url).markets(COINBASE),
                    config -> config.replayOnSubscribe(1), 1, 0, 0, "ticker", 3, Map.of("0 Connection closed", 1L),
                    false, true),
            // On Advanced Trade, the answer to the first of the two unsubscribe messages still lists heartbeats and
            // so reads as one more subscription acknowledgement.
            new VenuePair("CoinbaseAdvancedTrade", io.cryptostream.simulator.CoinbaseAdvancedProtocol::new,
                    CoinbaseAdvancedProtocol::new, url -> IngestSettings.builder().url(url).markets(COINBASE),
                    config -> config.replayOnSubscribe(1), 2, 1, 0, "ticker", 3,
                    Map.of("0 the server is closing this connection; reconnect and subscribe again", 1L), false, true),
            new VenuePair("Kraken", io.cryptostream.simulator.KrakenProtocol::new, KrakenProtocol::new,
                    url -> KrakenProtocol.settings().url(url).markets(KRAKEN).heartbeatInterval(Duration.ofSeconds(2)),
                    UnaryOperator.identity(), 3, 0, 3, "ticker", 3, Map.of(), false, false));

    static VenuePair named(String name) {
        return ALL.stream().filter(venue -> venue.name.equals(name)).findFirst().orElseThrow();
    }

    /** A simulator of this venue, as {@code config} describes it and the venue needs it. */
    SimulatorConfig simulatorConfig(SimulatorConfig.Builder config) {
        return simulatorConfig.apply(config.protocol(simulator.get())).build();
    }

    /** Ingest settings for this venue's simulator, with quick reconnects for tests. */
    IngestSettings.Builder settingsFor(SimulatorServer sim) {
        return settings.apply(sim.uri())
                .minReconnectDelay(Duration.ofMillis(100))
                .maxReconnectDelay(Duration.ofSeconds(1))
                .rateLimitedWait(Duration.ofSeconds(1))
                .stopGracePeriod(Duration.ofSeconds(5));
    }

    /** True when the client pings this venue to keep the connection alive or to prove it is. */
    boolean clientPings() {
        return ingest.apply(settings.apply(URI.create("ws://127.0.0.1:1/")).build()).clientPing().isPresent();
    }

    List<Market> markets() {
        return settings.apply(URI.create("ws://127.0.0.1:1/")).build().markets();
    }

    @Override
    public String toString() {
        return name;
    }
}
