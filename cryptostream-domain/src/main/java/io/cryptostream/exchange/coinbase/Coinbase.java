package io.cryptostream.exchange.coinbase;

import io.cryptostream.exchange.Venue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Coinbase's two public trade feeds (docs/venues.md). Both carry the same trades with the
 * same ids, so their rows carry the one exchange name {@code Coinbase}.
 */
public final class Coinbase {

    private static final List<String> DEFAULT_MARKETS = List.of("BTC-USD", "ETH-USD");
    /** 100 client messages per second per IP (Exchange feed; Advanced Trade documents none). */
    private static final Venue.RateLimits LIMITS = new Venue.RateLimits(Duration.ZERO, OptionalInt.of(100),
            OptionalInt.empty());

    /** Exchange feed {@code matches}: heartbeat channel 1/s per product; trade ids +1 per product. */
    public static final Venue EXCHANGE_FEED = new Venue("coinbase", Optional.of(CoinbaseSymbols.EXCHANGE), "Coinbase",
            URI.create("wss://ws-feed.exchange.coinbase.com"), DEFAULT_MARKETS, false,
            new Venue.Liveness(Duration.ofSeconds(1), Optional.empty()), Venue.TradeIds.SEQUENTIAL_PER_MARKET,
            Optional.empty(), LIMITS, false,
            Venue.Subscriptions.oneFrame(false, CoinbaseSubscriptions::subscribe, CoinbaseSubscriptions::unsubscribe,
                    markets -> 1),
            CoinbaseCodec::new, CoinbaseFrames::new, CoinbaseSymbols::market);

    /**
     * Advanced Trade {@code market_trades}: heartbeats channel 1/s; the order of trades inside a batch and of the
     * snapshot is not documented, so ids are not checked for gaps.
     */
    public static final Venue ADVANCED_TRADE = new Venue("coinbase-advanced", Optional.of(CoinbaseSymbols.EXCHANGE),
            "Coinbase Advanced Trade", URI.create("wss://advanced-trade-ws.coinbase.com"), DEFAULT_MARKETS, false,
            new Venue.Liveness(Duration.ofSeconds(1), Optional.empty()), Venue.TradeIds.UNORDERED,
            Optional.empty(), Venue.RateLimits.none(), false,
            new Venue.Subscriptions(false, CoinbaseAdvancedSubscriptions::subscribe,
                    CoinbaseAdvancedSubscriptions::unsubscribe,
                    markets -> CoinbaseAdvancedSubscriptions.unsubscribe(markets).size()),
            CoinbaseAdvancedCodec::new, CoinbaseAdvancedFrames::new,
            CoinbaseSymbols::market);

    private Coinbase() {
    }
}
