package io.cryptostream.cli;

import io.cryptostream.exchange.binance.BinanceCodec;
import io.cryptostream.exchange.binance.BinanceSymbols;
import io.cryptostream.exchange.binance.BinanceVenue;
import io.cryptostream.exchange.bitstamp.BitstampChannel;
import io.cryptostream.exchange.bitstamp.BitstampCodec;
import io.cryptostream.exchange.bitstamp.BitstampSymbols;
import io.cryptostream.exchange.coinbase.CoinbaseAdvancedCodec;
import io.cryptostream.exchange.coinbase.CoinbaseCodec;
import io.cryptostream.exchange.coinbase.CoinbaseSymbols;
import io.cryptostream.exchange.cryptocompare.CryptoCompareCodec;
import io.cryptostream.exchange.cryptocompare.CryptoCompareSubscriptions;
import io.cryptostream.exchange.kraken.KrakenCodec;
import io.cryptostream.exchange.kraken.KrakenSymbols;
import io.cryptostream.ingest.IngestSettings;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every supported source, by its {@code --source} name. */
final class Venues {

    static final String CRYPTOCOMPARE = "cryptocompare";

    private static final Map<String, Venue> BY_SOURCE = new LinkedHashMap<>();

    static {
        register(new Venue(CRYPTOCOMPARE, null, IngestSettings.CRYPTOCOMPARE_URL, CryptoCompareSubscriptions.DEFAULT_WATCHLIST,
                true, Duration.ofSeconds(30), false, CryptoCompareCodec::new, CryptoCompareSubscriptions::parseTradeSub,
                io.cryptostream.ingest.CryptoCompareProtocol::new, io.cryptostream.simulator.CryptoCompareProtocol::new));
        // Trades and live orders (Bitstamp's live_orders channel) of every market.
        register(new Venue("bitstamp", BitstampSymbols.EXCHANGE, io.cryptostream.ingest.BitstampProtocol.DEFAULT_URL,
                List.of("btcusd", "ethusd"), false, Duration.ofSeconds(10), true, BitstampCodec::new, BitstampSymbols::parse,
                settings -> new io.cryptostream.ingest.BitstampProtocol(settings, EnumSet.allOf(BitstampChannel.class)),
                io.cryptostream.simulator.BitstampProtocol::new));
        register(new Venue("coinbase", CoinbaseSymbols.EXCHANGE, io.cryptostream.ingest.CoinbaseProtocol.DEFAULT_URL,
                List.of("BTC-USD", "ETH-USD"), false, Duration.ofSeconds(1), false, CoinbaseCodec::new, CoinbaseSymbols::market,
                io.cryptostream.ingest.CoinbaseProtocol::new, io.cryptostream.simulator.CoinbaseProtocol::new));
        register(new Venue("coinbase-advanced", CoinbaseSymbols.EXCHANGE, io.cryptostream.ingest.CoinbaseAdvancedProtocol.DEFAULT_URL,
                List.of("BTC-USD", "ETH-USD"), false, Duration.ofSeconds(1), false, CoinbaseAdvancedCodec::new,
                CoinbaseSymbols::market, io.cryptostream.ingest.CoinbaseAdvancedProtocol::new,
                io.cryptostream.simulator.CoinbaseAdvancedProtocol::new));
        register(binance("binance", BinanceVenue.SPOT));
        register(binance("binance-futures", BinanceVenue.USDM_FUTURES));
        register(new Venue("kraken", KrakenSymbols.EXCHANGE, io.cryptostream.ingest.KrakenProtocol.DEFAULT_URL,
                List.of("BTC/USD", "ETH/USD"), false, io.cryptostream.ingest.KrakenProtocol.DEFAULT_HEARTBEAT_INTERVAL, false,
                KrakenCodec::new, KrakenSymbols::market,
                io.cryptostream.ingest.KrakenProtocol::new, io.cryptostream.simulator.KrakenProtocol::new));
    }

    private Venues() {
    }

    private static Venue binance(String source, BinanceVenue venue) {
        return new Venue(source, venue.exchange(), URI.create(venue.endpoint()), List.of("BTCUSDT", "ETHUSDT"), false,
                Duration.ofSeconds(30), false, () -> new BinanceCodec(venue), name -> BinanceSymbols.market(venue.exchange(), name),
                settings -> new io.cryptostream.ingest.BinanceProtocol(venue, settings),
                () -> new io.cryptostream.simulator.BinanceProtocol(venue));
    }

    private static void register(Venue venue) {
        BY_SOURCE.put(venue.source(), venue);
    }

    static Venue bySource(String source) {
        Venue venue = BY_SOURCE.get(source);
        if (venue == null) {
            throw new IllegalArgumentException("Unknown source '" + source + "': use one of " + String.join(", ", names())
                    + " (or simulator, the simulated CryptoCompare streamer)");
        }
        return venue;
    }

    static List<String> names() {
        return List.copyOf(BY_SOURCE.keySet());
    }
}
