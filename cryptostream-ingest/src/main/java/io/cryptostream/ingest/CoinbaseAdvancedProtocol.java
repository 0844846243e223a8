package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.exchange.coinbase.CoinbaseAdvancedCodec;
import io.cryptostream.exchange.coinbase.CoinbaseAdvancedSubscriptions;
import io.cryptostream.exchange.coinbase.CoinbaseSymbols;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import org.apache.pekko.http.javadsl.model.ws.WebSocketRequest;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Coinbase Advanced Trade market data, {@code market_trades} channel (docs/venues.md):
 * public without a JWT, no greeting, subscribe within 5 s. One channel per message: {@code market_trades} for every
 * product, then {@code heartbeats} (1/s), which both proves liveness and keeps the venue from closing channels that
 * stay quiet for 60–90 s, so no client ping is needed. Each message is acknowledged with the socket's subscriptions;
 * the acknowledgement of the last unsubscribe lists none.
 *
 * <p>Trades are the Exchange feed's (same venue, same ids, exchange name Coinbase), but {@link #sequentialTradeIds()}
 * is false: the order of trades inside a batched frame and of the snapshot on subscribe is not documented, and a
 * gap check must not count a reordering as missed trades. The taker-side reading of {@code side} is unconfirmed
 * (see {@link CoinbaseAdvancedCodec}).
 */
public final class CoinbaseAdvancedProtocol implements VenueProtocol {

    public static final URI DEFAULT_URL = URI.create("wss://advanced-trade-ws.coinbase.com");

    private final IngestSettings settings;
    private final ExchangeCodec codec = new CoinbaseAdvancedCodec();

    /** @throws IllegalArgumentException if a market of the watchlist is not a Coinbase market */
    public CoinbaseAdvancedProtocol(IngestSettings settings) {
        this.settings = settings;
        settings.markets().forEach(CoinbaseSymbols::productId);
    }

    /** Settings for the public feed: its URL, Coinbase's default markets, staleness after 5 missed heartbeats of 1 s. */
    public static IngestSettings.Builder defaultSettings() {
        return IngestSettings.builder().url(DEFAULT_URL).markets(CoinbaseProtocol.DEFAULT_MARKETS)
                .heartbeatInterval(Duration.ofSeconds(1)).missedHeartbeats(5);
    }

    @Override
    public String venue() {
        return "Coinbase Advanced Trade";
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
        return CoinbaseAdvancedSubscriptions.subscribe(settings.markets());
    }

    @Override
    public List<String> unsubscribeFrames() {
        return CoinbaseAdvancedSubscriptions.unsubscribe(settings.markets());
    }

    /** One answer per unsubscribe message; the last lists nothing, which the codec reads as "*". */
    @Override
    public int expectedUnsubscribeAcks() {
        return unsubscribeFrames().size();
    }

    /**
     * The venue's error texts are not documented, so none ends the run: each is logged, and a subscription that
     * failed leaves a silent socket that the staleness check replaces.
     */
    @Override
    public ServerReaction onRejected(FeedEvent.Rejected rejected) {
        return new ServerReaction.Continue(venue() + " reported an error (" + CoinbaseProtocol.describe(rejected) + ")");
    }

    @Override
    public ServerReaction onUpgradeRefused(int status, String reason) {
        return RefusedUpgrade.of(venue(), status, reason).reaction(settings);
    }

    @Override
    public Optional<Market> marketOf(String malformedFrame) {
        return CoinbaseProtocol.productOf(malformedFrame);
    }

    /** Nothing secret travels: no JWT is sent. */
    @Override
    public String redact(String text) {
        return text;
    }
}
