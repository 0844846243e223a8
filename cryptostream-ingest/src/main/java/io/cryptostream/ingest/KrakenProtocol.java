package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.exchange.kraken.Kraken;
import io.cryptostream.exchange.kraken.KrakenSymbols;
import io.cryptostream.feed.FeedEvent;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kraken spot WebSocket v2, public {@code trade} channel, as described by {@link Kraken}: one subscribe request for
 * the whole watchlist acknowledged per pair, snapshots of the latest trades after every (re)subscribe (dropped as
 * duplicates by trade id), and {@code trade_id}s that go up by one per pair.
 *
 * <p>Subscribes as soon as the socket is open: Kraken accepts requests right away, and its {@code status} greeting
 * is also sent again on every system status change, so it is no reliable "ready" signal. Kraken sends heartbeats
 * only while a connection is otherwise quiet and only once subscribed, so the client pings to prove the connection
 * is alive in every state. What differs here: what Kraken's text-only errors and HTTP refusals mean, and where a
 * broken frame names its pair.
 */
public final class KrakenProtocol extends DescribedVenueProtocol {

    public static final URI DEFAULT_URL = Kraken.VENUE.endpoint();
    public static final List<Market> DEFAULT_MARKETS = List.of(KrakenSymbols.market("BTC/USD"),
            KrakenSymbols.market("ETH/USD"), KrakenSymbols.market("BTC/EUR"));
    /** Kraken sends a heartbeat about every second on a quiet subscribed connection; a few seconds is generous. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Kraken.VENUE.liveness().heartbeatInterval();

    // The pair of a frame too broken to decode: v2 "symbol":"BTC/USD", or v1's trailing ..."trade","XBT/USD"].
    private static final Pattern V2_SYMBOL = Pattern.compile("\"symbol\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern V1_PAIR = Pattern.compile("\"trade\"\\s*,\\s*\"([^\"]+)\"\\s*]\\s*$");

    public KrakenProtocol(IngestSettings settings) {
        super(Kraken.VENUE, settings);
    }

    /** Settings for the public Kraken endpoint: its URL, a default watchlist and Kraken's heartbeat pace. */
    public static IngestSettings.Builder settings() {
        return IngestSettings.builder().url(DEFAULT_URL).markets(DEFAULT_MARKETS)
                .heartbeatInterval(DEFAULT_HEARTBEAT_INTERVAL);
    }

    /**
     * Kraken's errors are text only. Rate limits ("Exceeded msg rate") close the socket on Kraken's side, so the
     * session reconnects after the rate-limit wait; anything else (an unknown pair, already subscribed) concerns
     * one request and the socket keeps its other subscriptions.
     */
    @Override
    public ServerReaction onRejected(FeedEvent.Rejected rejected) {
        String reason = rejected.reason() == null ? "" : rejected.reason();
        String what = reason + (rejected.detail() == null ? "" : " (" + rejected.detail() + ")");
        String lower = reason.toLowerCase(Locale.ROOT);
        if (lower.contains("rate") && (lower.contains("exceed") || lower.contains("limit"))) {
            return new ServerReaction.Reconnect("Kraken rate-limited the connection: " + what
                    + "; connecting again in no less than " + Durations.format(ingestSettings().rateLimitedWait()),
                    ingestSettings().rateLimitedWait());
        }
        if (lower.startsWith("currency pair not supported")) {
            return new ServerReaction.Continue("Kraken does not list a pair of the watchlist: " + what
                    + "; write pairs BASE/QUOTE or BASE-QUOTE, e.g. BTC/USD");
        }
        return new ServerReaction.Continue("Kraken reported an error: " + what);
    }

    /**
     * 429 and Cloudflare's 403 are connection-rate limits and wait the rate-limit wait; 404 means the URL is not a
     * Kraken WebSocket endpoint, which retrying cannot fix; anything else (5xx, maintenance) retries with backoff.
     */
    @Override
    public ServerReaction onUpgradeRefused(int status, String reason) {
        RefusedUpgrade refused = RefusedUpgrade.of("Kraken", status, reason);
        if (status == 429 || status == 403) {
            return refused.reconnectAfterRateLimitWait(ingestSettings());
        }
        if (status == 404) {
            return new ServerReaction.Fail(new IngestException("Kraken has no WebSocket at " + urlForLogs() + " ("
                    + refused.what() + "); the public spot endpoint is " + DEFAULT_URL));
        }
        return refused.reconnect();
    }

    @Override
    public Optional<Market> marketOf(String frame) {
        Matcher v2 = V2_SYMBOL.matcher(frame);
        Matcher v1 = V1_PAIR.matcher(frame);
        String pair = v2.find() ? v2.group(1) : v1.find() ? v1.group(1) : null;
        if (pair == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(KrakenSymbols.market(pair));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
