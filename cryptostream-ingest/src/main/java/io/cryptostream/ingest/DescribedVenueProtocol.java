package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.exchange.TradeHistories;
import io.cryptostream.exchange.TradeHistory;
import io.cryptostream.exchange.Venue;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import org.apache.pekko.http.javadsl.model.ws.WebSocketRequest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A venue's protocol read from its {@link Venue} description: its endpoint (as configured), codec, subscriptions,
 * client ping, connection age and trade-id rule. A venue subclasses it only for what truly differs: what its
 * refusals mean, how to find the market of a broken frame, credentials.
 */
public class DescribedVenueProtocol implements VenueProtocol {

    private final Venue venue;
    private final IngestSettings settings;
    private final ExchangeCodec codec;
    private final Venue.Subscriptions subscriptions;

    /** {@code venue} as described, with its own codec and subscriptions. */
    public DescribedVenueProtocol(Venue venue, IngestSettings settings) {
        this(venue, settings, venue.codec().get(), venue.subscriptions());
    }

    protected DescribedVenueProtocol(Venue venue, IngestSettings settings, ExchangeCodec codec,
                                     Venue.Subscriptions subscriptions) {
        this.venue = venue;
        this.settings = settings;
        this.codec = codec;
        this.subscriptions = subscriptions;
    }

    protected final IngestSettings ingestSettings() {
        return settings;
    }

    @Override
    public String venue() {
        return venue.displayName();
    }

    /** No credentials: public market data (a configured API key is not sent anywhere). */
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
        return subscriptions.afterWelcome();
    }

    @Override
    public List<String> subscribeFrames() {
        return subscriptions.subscribe().apply(settings.markets());
    }

    @Override
    public List<String> unsubscribeFrames() {
        return subscriptions.unsubscribe().apply(settings.markets());
    }

    @Override
    public int expectedUnsubscribeAcks() {
        return subscriptions.unsubscribeAcks().applyAsInt(settings.markets());
    }

    /** Undocumented error texts end nothing: each is logged, and a socket left silent is replaced as stale. */
    @Override
    public ServerReaction onRejected(FeedEvent.Rejected rejected) {
        return new ServerReaction.Continue(venue() + " reported an error (" + describe(rejected) + ")");
    }

    /** 429 is the venue's rate limit: wait it out; anything else: reconnect with backoff. */
    @Override
    public ServerReaction onUpgradeRefused(int status, String reason) {
        return RefusedUpgrade.of(venue(), status, reason).reaction(settings);
    }

    /** Nothing to go by unless the venue says where a frame names its market. */
    @Override
    public Optional<Market> marketOf(String malformedFrame) {
        return Optional.empty();
    }

    /** Nothing secret travels on a public feed. */
    @Override
    public String redact(String text) {
        return text;
    }

    /** The venue's ping frame, every heartbeat interval, when the venue sends no heartbeats unasked. */
    @Override
    public Optional<ClientPing> clientPing() {
        return venue.liveness().clientPing().map(frame -> new ClientPing(frame, clientPingInterval()));
    }

    /** How often the client pings: every heartbeat interval, unless a venue wants more. */
    protected Duration clientPingInterval() {
        return settings.heartbeatInterval();
    }

    @Override
    public Optional<Duration> maxConnectionAge() {
        return venue.maxConnectionAge();
    }

    /** A venue that asks for spacing between connects gets the configured least reconnect delay (5 s by default). */
    @Override
    public Duration minReconnectSpacing() {
        return venue.rateLimits().minReconnectSpacing().isZero() ? Duration.ZERO : settings.minReconnectDelay();
    }

    @Override
    public boolean sequentialTradeIds() {
        return venue.tradeIds().gapsAreMissedTrades();
    }

    @Override
    public TradeHistory history() {
        return TradeHistories.of(venue);
    }

    /** A refusal's reason and detail, for messages. */
    static String describe(FeedEvent.Rejected rejected) {
        return rejected.reason() + (rejected.detail() == null ? "" : ": " + rejected.detail());
    }
}
