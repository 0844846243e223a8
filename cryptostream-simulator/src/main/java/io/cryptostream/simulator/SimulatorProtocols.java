package io.cryptostream.simulator;

import io.cryptostream.exchange.Venue;
import io.cryptostream.exchange.binance.Binance;

/** How the simulator imitates each venue of {@link io.cryptostream.exchange.Venues}. */
public final class SimulatorProtocols {

    private SimulatorProtocols() {
    }

    /** A new protocol imitating {@code venue}. */
    public static VenueProtocol forVenue(Venue venue) {
        return switch (venue.name()) {
            case "cryptocompare" -> new CryptoCompareProtocol();
            case "bitstamp" -> new BitstampProtocol();
            case "coinbase" -> new CoinbaseProtocol();
            case "coinbase-advanced" -> new CoinbaseAdvancedProtocol();
            case "binance", "binance-futures" -> new BinanceProtocol(Binance.variantOf(venue));
            case "kraken" -> new KrakenProtocol();
            default -> throw new IllegalArgumentException("the simulator has no protocol for venue " + venue.name()
                    + " (docs/venues.md says how to add one)");
        };
    }
}
