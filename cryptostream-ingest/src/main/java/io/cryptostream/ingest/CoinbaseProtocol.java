package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.exchange.coinbase.CoinbaseCodec;
import io.cryptostream.exchange.coinbase.CoinbaseSubscriptions;
import io.cryptostream.exchange.coinbase.CoinbaseSymbols;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import org.apache.pekko.http.javadsl.model.ws.WebSocketRequest;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Coinbase Exchange feed, {@code matches} channel (docs/venues.md): public, no credentials and
 * no greeting, so the session subscribes as soon as the socket opens (Coinbase closes sockets that send no subscribe
 * within 5 s). One message subscribes {@code matches} and {@code heartbeat} for every product; the heartbeats (one
 * per product per second) prove the socket alive when markets are quiet, so no client ping is needed. Coinbase
 * answers every (un)subscribe with the whole subscription list, one acknowledgement per message; the one after the
 * unsubscribe lists nothing.
 *
 * <p>Trade ids go up by one per trade per product (gap-free across all 107 trades of the captured feed), so a jump
 * is a missed trade.
 */
public final class CoinbaseProtocol implements VenueProtocol {

    public static final URI DEFAULT_URL = URI.create("wss://ws-feed.exchange.coinbase.com");
    public static final List<Market> DEFAULT_MARKETS = List.of(CoinbaseSymbols.market("BTC-USD"), CoinbaseSymbols.market("ETH-USD"));

    private static final Pattern PRODUCT_ID = Pattern.compile("\"product_id\"\\s*:\\s*\"([^\"]*)\"");

    private final IngestSettings settings;
    private final ExchangeCodec codec = new CoinbaseCodec();

    /** @throws IllegalArgumentException if a market of the watchlist is not a Coinbase market */
    public CoinbaseProtocol(IngestSettings settings) {
        this.settings = settings;
        settings.markets().forEach(CoinbaseSymbols::productId);
    }

    /**
     * Settings for the public feed: its URL, {@link #DEFAULT_MARKETS}, and staleness after 5 s without a frame, for
     * a venue that sends a heartbeat per product every second.
     */
    public static IngestSettings.Builder defaultSettings() {
        return IngestSettings.builder().url(DEFAULT_URL).markets(DEFAULT_MARKETS)
                .heartbeatInterval(Duration.ofSeconds(1)).missedHeartbeats(5);
    }

    @Override
    public String venue() {
        return "Coinbase";
    }

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
        return List.of(CoinbaseSubscriptions.subscribe(settings.markets()));
    }

    @Override
    public List<String> unsubscribeFrames() {
        return List.of(CoinbaseSubscriptions.unsubscribe(settings.markets()));
    }

    /** The answer to the one unsubscribe message lists no subscriptions, which the codec reads as "*". */
    @Override
    public int expectedUnsubscribeAcks() {
        return 1;
    }

    /**
     * "Failed to subscribe" names an invalid product or channel, which every reconnect would send again: the run
     * ends. Other errors are logged; if the venue then closes the socket, the session reconnects.
     */
    @Override
    public ServerReaction onRejected(FeedEvent.Rejected rejected) {
        String what = describe(rejected);
        if ("Failed to subscribe".equals(rejected.reason())) {
            return new ServerReaction.Fail(new IngestException("Coinbase refused the subscription to "
                    + settings.markets().stream().map(CoinbaseSymbols::productId).toList() + " (" + what
                    + "); check the watchlist: products are BASE-QUOTE as Coinbase lists them, e.g. BTC-USD"));
        }
        return new ServerReaction.Continue("Coinbase reported an error (" + what + ")");
    }

    /** 429 is the venue's rate limit (8 connections per second per IP): wait it out; anything else: reconnect. */
    @Override
    public ServerReaction onUpgradeRefused(int status, String reason) {
        return RefusedUpgrade.of(venue(), status, reason).reaction(settings);
    }

    @Override
    public Optional<Market> marketOf(String malformedFrame) {
        return productOf(malformedFrame);
    }

    /** Nothing secret travels on the public feed. */
    @Override
    public String redact(String text) {
        return text;
    }

    @Override
    public boolean sequentialTradeIds() {
        return true;
    }

    static String describe(FeedEvent.Rejected rejected) {
        return rejected.reason() + (rejected.detail() == null ? "" : ": " + rejected.detail());
    }

    /** The first {@code product_id} in a frame, read as text so that a truncated frame still names its market. */
    static Optional<Market> productOf(String frame) {
        Matcher m = PRODUCT_ID.matcher(frame);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(CoinbaseSymbols.market(m.group(1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
