package io.cryptostream.exchange;

import io.cryptostream.exchange.binance.Binance;
import io.cryptostream.exchange.bitstamp.Bitstamp;
import io.cryptostream.exchange.coinbase.Coinbase;
import io.cryptostream.exchange.cryptocompare.CryptoCompare;
import io.cryptostream.exchange.kraken.Kraken;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every venue cryptostream reads, by the one name users type. The single place that says which venues exist, what
 * they are called and which exchange name their rows carry; the CLI, ingest, the simulator and the bench all ask here.
 */
public final class Venues {

    private static final List<Venue> ALL = List.of(
            CryptoCompare.VENUE,
            Bitstamp.VENUE,
            Coinbase.EXCHANGE_FEED,
            Coinbase.ADVANCED_TRADE,
            Binance.SPOT,
            Binance.USDM_FUTURES,
            Kraken.VENUE);

    private Venues() {
    }

    public static List<Venue> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(Venue::name).toList();
    }

    /** The venue called {@code name} in any case, e.g. {@code Binance-Futures}. */
    public static Optional<Venue> byName(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return ALL.stream().filter(venue -> venue.name().equals(wanted)).findFirst();
    }

    /** @throws IllegalArgumentException naming every venue when none is called {@code name} */
    public static Venue named(String name) {
        return byName(name).orElseThrow(() -> new IllegalArgumentException("Unknown venue '" + name + "': use one of "
                + String.join(", ", names())));
    }

    /**
     * The exchange name stored rows carry for what a user typed, in any case: a venue's name gives the exchange its
     * rows carry ({@code binance-futures} → {@code BinanceFutures}), so does an exchange name a venue writes
     * ({@code binancefutures} → {@code BinanceFutures}); any other name (one CryptoCompare relays, e.g.
     * {@code Gemini}) is kept as typed.
     */
    public static String exchangeName(String typed) {
        String name = typed.strip();
        return byName(name).flatMap(Venue::exchange)
                .or(() -> ALL.stream().flatMap(venue -> venue.exchange().stream())
                        .filter(exchange -> exchange.equalsIgnoreCase(name)).findFirst())
                .orElse(name);
    }
}
