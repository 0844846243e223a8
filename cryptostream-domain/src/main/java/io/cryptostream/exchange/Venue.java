package io.cryptostream.exchange;

import io.cryptostream.domain.Market;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FrameWriter;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * One source of trades, described: what users call it, what its rows are called, where it is, how it proves a
 * socket alive, what its trade ids mean, its limits, and the pure pieces that read and write its frames. Ingest
 * and the simulator are driven by this description; {@link Venues} lists every venue.
 *
 * @param name             the one name users type and read ({@code --source}, {@code replay --exchange}), lower
 *                         case, e.g. {@code binance-futures}
 * @param exchange         the exchange name its trades (and rows) carry, e.g. {@code BinanceFutures}; empty when
 *                         every frame names its own exchange (CryptoCompare relays many)
 * @param displayName      the venue as logs and errors name it, e.g. {@code Coinbase Advanced Trade}
 * @param endpoint         the public WebSocket endpoint
 * @param defaultMarkets   what to subscribe to when the user names nothing, in the venue's notation
 * @param needsApiKey      whether the endpoint wants an API key
 * @param liveness         how a quiet socket is known to be alive
 * @param tradeIds         what the venue's trade ids promise
 * @param maxConnectionAge replace a connection before it reaches this age (the venue drops older ones)
 * @param rateLimits       the venue's documented limits that shape the client
 * @param carriesOrders    whether the venue also streams single-order book changes (Bitstamp live_orders)
 * @param subscriptions    the frames that subscribe a connection to markets and take them back
 * @param codec            a new codec: text frame → events
 * @param frames           a new frame writer: the codec's inverse
 * @param marketParser     a market named in the venue's notation or as BASE-QUOTE
 */
public record Venue(String name, Optional<String> exchange, String displayName, URI endpoint,
                    List<String> defaultMarkets, boolean needsApiKey, Liveness liveness, TradeIds tradeIds,
                    Optional<Duration> maxConnectionAge, RateLimits rateLimits, boolean carriesOrders,
                    Subscriptions subscriptions, Supplier<ExchangeCodec> codec, Supplier<FrameWriter> frames, Function<String, Market> marketParser) {

    public Venue {
        if (!name.equals(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("venue names are lower case, was " + name);
        }
        defaultMarkets = List.copyOf(defaultMarkets);
    }

    /**
     * How the client knows a quiet socket is alive.
     *
     * @param heartbeatInterval how often the venue's heartbeats (or the answers to the client's pings) arrive; a
     *                          socket that misses a few is stale
     * @param clientPing        the frame the client sends every heartbeat interval to be answered, for venues that
     *                          send no heartbeat frames of their own; empty when the venue sends them unasked
     */
    public record Liveness(Duration heartbeatInterval, Optional<String> clientPing) {
    }

    /** What a venue's trade ids promise, which decides whether a jump in them is counted as missed trades. */
    public enum TradeIds {
        /** Up by exactly one per trade per market: a jump is a missed trade. */
        SEQUENTIAL_PER_MARKET,
        /** One sequence across all markets (Bitstamp): a jump within a market is no gap. */
        GLOBAL_ACROSS_MARKETS,
        /** Ids whose order in the feed is not documented (batched or relayed): never checked for gaps. */
        UNORDERED;

        public boolean gapsAreMissedTrades() {
            return this == SEQUENTIAL_PER_MARKET;
        }
    }

    /**
     * @param minReconnectSpacing     least time the venue allows between two connection attempts
     * @param clientMessagesPerSecond frames a client may send per second before it is disconnected, when documented
     * @param streamsPerConnection    subscriptions one connection carries, when documented
     */
    public record RateLimits(Duration minReconnectSpacing, OptionalInt clientMessagesPerSecond,
                             OptionalInt streamsPerConnection) {

        public static RateLimits none() {
            return new RateLimits(Duration.ZERO, OptionalInt.empty(), OptionalInt.empty());
        }
    }

    /**
     * How a client subscribes to markets on one connection.
     *
     * @param afterWelcome    true when the venue greets each connection and wants subscriptions only after that;
     *                        false to subscribe as soon as the socket is open
     * @param subscribe       the frames subscribing to the trades (and orders) of markets
     * @param unsubscribe     the frames taking those subscriptions back
     * @param unsubscribeAcks acknowledgements of the unsubscribe frames that mean every subscription is gone
     */
    public record Subscriptions(boolean afterWelcome, Function<List<Market>, List<String>> subscribe,
                                Function<List<Market>, List<String>> unsubscribe,
                                ToIntFunction<List<Market>> unsubscribeAcks) {

        /** A venue greeted or not, whose one frame (un)subscribes every market. */
        public static Subscriptions oneFrame(boolean afterWelcome, Function<List<Market>, String> subscribe,
                                             Function<List<Market>, String> unsubscribe,
                                             ToIntFunction<List<Market>> unsubscribeAcks) {
            return new Subscriptions(afterWelcome, markets -> List.of(subscribe.apply(markets)),
                    markets -> List.of(unsubscribe.apply(markets)), unsubscribeAcks);
        }
    }

    /** Markets named in the venue's own notation or as BASE-QUOTE, with a message naming the bad one. */
    public List<Market> markets(List<String> names) {
        return names.stream().map(market -> {
            try {
                return marketParser.apply(market.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + market + "' is not a " + name + " market: " + e.getMessage(), e);
            }
        }).toList();
    }

    @Override
    public String toString() {
        return name;
    }
}
