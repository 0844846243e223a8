package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.exchange.bitstamp.BitstampChannel;
import io.cryptostream.exchange.bitstamp.BitstampCodec;
import io.cryptostream.exchange.bitstamp.BitstampSubscriptions;
import io.cryptostream.exchange.bitstamp.BitstampSymbols;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import org.apache.pekko.http.javadsl.model.ws.WebSocketRequest;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bitstamp WebSocket API v2 (docs/venues.md): public, so no credential; no greeting, so
 * subscribe as soon as the socket opens; one {@code bts:subscribe} per channel, each acknowledged; the client sends
 * {@code bts:heartbeat} to prove the socket alive (Bitstamp sends no heartbeat of its own); trade ids are global
 * across markets, so a jump within one market is no gap.
 */
public final class BitstampProtocol implements VenueProtocol {

    public static final URI DEFAULT_URL = URI.create("wss://ws.bitstamp.net/");
    /** Often enough that a quiet market's socket still shows life well within the liveness window. */
    static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(10);
    /** Bitstamp closes connections at 90 days; reconnect a day before, at a moment of our choosing. */
    static final Duration MAX_CONNECTION_AGE = Duration.ofDays(89);

    private static final Pattern CHANNEL = Pattern.compile("\"channel\"\\s*:\\s*\"(live_(?:trades|orders)_[a-z0-9-]+)\"");

    private final IngestSettings settings;
    private final List<String> channels;
    private final ExchangeCodec codec = new BitstampCodec();

    /** Trades of every market of {@code settings}. */
    public BitstampProtocol(IngestSettings settings) {
        this(settings, EnumSet.of(BitstampChannel.LIVE_TRADES));
    }

    /** The given channel kinds (live_trades, live_orders) of every market of {@code settings}. */
    public BitstampProtocol(IngestSettings settings, Set<BitstampChannel> kinds) {
        for (Market market : settings.markets()) {
            if (!BitstampSymbols.EXCHANGE.equals(market.exchange())) {
                // Trades come back as Bitstamp markets; others would never match the watchlist's counters.
                throw new IllegalArgumentException("Bitstamp ingests Bitstamp markets only, e.g. "
                        + BitstampSymbols.parse("BTC-USD") + "; the watchlist has " + market);
            }
        }
        this.settings = settings;
        this.channels = BitstampSubscriptions.channels(settings.markets(), kinds);
    }

    @Override
    public String venue() {
        return "Bitstamp";
    }

    /** No credentials: an API key in the settings is not sent. */
    @Override
    public WebSocketRequest handshake() {
        return WebSocketRequest.create(settings.url().toString());
    }

    @Override
    public String urlForLogs() {
        return settings.urlForLogs();
    }

    @Override
    public ExchangeCodec codec() {
        return codec;
    }

    @Override
    public boolean subscribesAfterWelcome() {
        return false;
    }

    @Override
    public List<String> subscribeFrames() {
        return channels.stream().map(BitstampSubscriptions::subscribe).toList();
    }

    @Override
    public List<String> unsubscribeFrames() {
        return channels.stream().map(BitstampSubscriptions::unsubscribe).toList();
    }

    @Override
    public int expectedUnsubscribeAcks() {
        return channels.size();
    }

    /**
     * Bitstamp's errors concern one request (a bad channel name: code null, "Bad subscription string."; a private
     * channel without a token: 4009), never the socket, so the session keeps what it has.
     */
    @Override
    public ServerReaction onRejected(FeedEvent.Rejected rejected) {
        String what = (rejected.code() == 0 ? "" : rejected.code() + " ") + rejected.reason()
                + (rejected.detail() == null ? "" : " (" + rejected.detail() + ")");
        return new ServerReaction.Continue("Bitstamp refused a request (" + what + "); the other subscriptions stay. "
                + "Markets are Bitstamp pairs such as btcusd or BTC-USD, quoted in one of "
                + BitstampSymbols.QUOTE_CURRENCIES);
    }

    @Override
    public ServerReaction onUpgradeRefused(int status, String reason) {
        return RefusedUpgrade.of("Bitstamp", status, reason).reaction(settings);
    }

    /** Read with a pattern, not a parser: the frame may be cut short. */
    @Override
    public Optional<Market> marketOf(String malformedFrame) {
        Matcher m = CHANNEL.matcher(malformedFrame);
        if (!m.find()) {
            return Optional.empty();
        }
        String channel = m.group(1);
        try {
            return BitstampChannel.kindOf(channel).map(kind -> kind.marketOf(channel));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Nothing to hide: the feed is public. */
    @Override
    public String redact(String text) {
        return text;
    }

    /**
     * Bitstamp sends no heartbeats unasked: the client's {@code bts:heartbeat} is answered, and that answer is the
     * frame that proves a quiet socket alive. Never less often than the settings' heartbeat interval, so that the
     * staleness window ({@code heartbeatInterval × missedHeartbeats}) always spans several answers.
     */
    @Override
    public Optional<ClientPing> clientPing() {
        Duration interval = settings.heartbeatInterval().compareTo(HEARTBEAT_EVERY) < 0
                ? settings.heartbeatInterval() : HEARTBEAT_EVERY;
        return Optional.of(new ClientPing(BitstampSubscriptions.HEARTBEAT, interval));
    }

    @Override
    public Optional<Duration> maxConnectionAge() {
        return Optional.of(MAX_CONNECTION_AGE);
    }

    /** Bitstamp trade ids are one sequence over all markets. */
    @Override
    public boolean sequentialTradeIds() {
        return false;
    }
}
