package io.cryptostream.exchange.kraken;

import io.cryptostream.exchange.Venue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Kraken spot WebSocket v2 (docs/venues.md): public; heartbeats only on quiet subscribed
 * connections, so the client pings every 5 s; v2 {@code trade_id}s go up by one per pair.
 */
public final class Kraken {

    public static final Venue VENUE = new Venue("kraken", Optional.of(KrakenSymbols.EXCHANGE), "Kraken",
            URI.create("wss://ws.kraken.com/v2"), List.of("BTC/USD", "ETH/USD"), false,
            new Venue.Liveness(Duration.ofSeconds(5), Optional.of(KrakenSubscriptions.ping(1))),
            Venue.TradeIds.SEQUENTIAL_PER_MARKET, Optional.empty(), Venue.RateLimits.none(), false,
            Venue.Subscriptions.oneFrame(false, KrakenSubscriptions::subscribe, KrakenSubscriptions::unsubscribe,
                    List::size),
            KrakenCodec::new, KrakenFrames::new, KrakenSymbols::market);

    private Kraken() {
    }
}
