package io.cryptostream.ingest;

import io.cryptostream.exchange.Venue;
import io.cryptostream.exchange.binance.Binance;
import io.cryptostream.exchange.bitstamp.BitstampChannel;

import java.util.EnumSet;

/** How ingest speaks to each venue of {@link io.cryptostream.exchange.Venues}. */
public final class IngestProtocols {

    private IngestProtocols() {
    }

    /** The protocol for {@code venue}, its watchlist and endpoint taken from {@code settings}. */
    public static VenueProtocol forVenue(Venue venue, IngestSettings settings) {
        return switch (venue.name()) {
            case "cryptocompare" -> new CryptoCompareProtocol(settings);
            // Trades and, as the venue carries them, live orders of every market.
            case "bitstamp" -> new BitstampProtocol(settings, EnumSet.allOf(BitstampChannel.class));
            case "coinbase" -> new CoinbaseProtocol(settings);
            case "coinbase-advanced" -> new CoinbaseAdvancedProtocol(settings);
            case "binance", "binance-futures" -> new BinanceProtocol(Binance.variantOf(venue), settings);
            case "kraken" -> new KrakenProtocol(settings);
            // A venue with no quirk of its own is driven by its description alone.
            default -> new DescribedVenueProtocol(venue, settings);
        };
    }
}
