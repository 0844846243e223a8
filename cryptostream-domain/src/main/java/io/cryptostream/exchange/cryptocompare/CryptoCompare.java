package io.cryptostream.exchange.cryptocompare;

import io.cryptostream.domain.Market;
import io.cryptostream.exchange.Venue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * CryptoCompare streamer v2 (docs/venues.md): an API key, heartbeats every 30 s, at least 5 s
 * between connects. It relays many exchanges, so its rows keep the exchange names CryptoCompare gives them
 * ({@code M}), as the original CryptoCompare tutorial's table has them.
 */
public final class CryptoCompare {

    public static final Venue VENUE = new Venue("cryptocompare", Optional.empty(), "CryptoCompare",
            URI.create("wss://streamer.cryptocompare.com/v2"), CryptoCompareSubscriptions.DEFAULT_WATCHLIST, true,
            new Venue.Liveness(Duration.ofSeconds(30), Optional.empty()), Venue.TradeIds.UNORDERED,
            Optional.empty(),
            new Venue.RateLimits(Duration.ofSeconds(5), OptionalInt.empty(), OptionalInt.of(600)),
            false, Venue.Subscriptions.oneFrame(true,
                    markets -> CryptoCompareSubscriptions.subAdd(tradeSubs(markets)),
                    markets -> CryptoCompareSubscriptions.subRemove(tradeSubs(markets)), List::size),
            CryptoCompareCodec::new, CryptoCompareFrames::new, CryptoCompareSubscriptions::parseTradeSub);

    private CryptoCompare() {
    }

    private static List<String> tradeSubs(List<Market> markets) {
        return markets.stream().map(CryptoCompareSubscriptions::tradeSub).toList();
    }
}
