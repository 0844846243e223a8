package io.cryptostream.exchange.binance;

import io.cryptostream.exchange.Venue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Binance spot and USD-M futures {@code <symbol>@trade} streams (docs/venues.md). Binance's
 * heartbeat is a WebSocket ping that the session never sees, so the client asks LIST_SUBSCRIPTIONS every 30 s and
 * counts the answer; connections are dropped at 24 h; trade ids go up by one per symbol.
 */
public final class Binance {

    public static final Venue SPOT = describe("binance", BinanceVenue.SPOT);
    public static final Venue USDM_FUTURES = describe("binance-futures", BinanceVenue.USDM_FUTURES);

    private Binance() {
    }

    private static Venue describe(String name, BinanceVenue venue) {
        return new Venue(name, Optional.of(venue.exchange()),
                venue.exchange(), URI.create(venue.endpoint()),
                List.of("BTCUSDT", "ETHUSDT"), false,
                new Venue.Liveness(Duration.ofSeconds(30), Optional.of(BinanceSubscriptions.listSubscriptions())),
                Venue.TradeIds.SEQUENTIAL_PER_MARKET,
                // Binance drops connections at 24 h; an hour's margin lets the session replace them first.
                Optional.of(Duration.ofHours(23)),
                new Venue.RateLimits(Duration.ZERO, OptionalInt.of(venue.clientMessagesPerSecond()),
                        OptionalInt.of(BinanceSubscriptions.MAX_STREAMS_PER_CONNECTION)),
                false,
                Venue.Subscriptions.oneFrame(false, BinanceSubscriptions::subscribe, BinanceSubscriptions::unsubscribe,
                        markets -> 1),
                () -> new BinanceCodec(venue), () -> new BinanceFrames(venue),
                text -> BinanceSymbols.market(venue.exchange(), text));
    }

    /** The description of one Binance market. */
    public static Venue of(BinanceVenue variant) {
        return variant == BinanceVenue.SPOT ? SPOT : USDM_FUTURES;
    }

    /** The Binance market behind a described venue. */
    public static BinanceVenue variantOf(Venue venue) {
        return venue == USDM_FUTURES ? BinanceVenue.USDM_FUTURES : BinanceVenue.SPOT;
    }
}
