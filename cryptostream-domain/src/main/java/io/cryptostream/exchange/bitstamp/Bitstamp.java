package io.cryptostream.exchange.bitstamp;

import io.cryptostream.exchange.Venue;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Bitstamp WebSocket API v2 (docs/venues.md): public; no heartbeat unasked, so the client's
 * {@code bts:heartbeat} every 10 s is answered; trade ids are one sequence across all markets; connections close
 * at 90 days; trades and live orders.
 */
public final class Bitstamp {

    public static final Venue VENUE = new Venue("bitstamp", Optional.of(BitstampSymbols.EXCHANGE), "Bitstamp",
            URI.create("wss://ws.bitstamp.net/"), List.of("btcusd", "ethusd"), false,
            new Venue.Liveness(Duration.ofSeconds(10), Optional.of(BitstampSubscriptions.HEARTBEAT)),
            Venue.TradeIds.GLOBAL_ACROSS_MARKETS,
            // Bitstamp closes connections at 90 days; reconnect a day before, at a moment of our choosing.
            Optional.of(Duration.ofDays(89)), Venue.RateLimits.none(), true,
            BitstampSubscriptions.of(EnumSet.allOf(BitstampChannel.class)), BitstampCodec::new, BitstampFrames::new, BitstampSymbols::parse);

    private Bitstamp() {
    }
}
