package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.exchange.coinbase.Coinbase;
import io.cryptostream.exchange.coinbase.CoinbaseSymbols;
import io.cryptostream.feed.FeedEvent;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Coinbase Exchange feed, {@code matches} channel, as described by {@link Coinbase#EXCHANGE_FEED}: subscribe as soon
 * as the socket opens (Coinbase closes sockets that send no subscribe within 5 s), one message for {@code matches}
 * and {@code heartbeat} of every product; the heartbeats (one per product per second) prove the socket alive, and
 * the answer to the unsubscribe lists nothing. Trade ids go up by one per product (gap-free across all 107 trades
 * of the captured feed). What differs here: a refused subscription ends the run, and a broken frame's market is
 * read from its {@code product_id}.
 */
public final class CoinbaseProtocol extends DescribedVenueProtocol {

    public static final URI DEFAULT_URL = Coinbase.EXCHANGE_FEED.endpoint();
    public static final List<Market> DEFAULT_MARKETS = Coinbase.EXCHANGE_FEED.markets(Coinbase.EXCHANGE_FEED.defaultMarkets());

    private static final Pattern PRODUCT_ID = Pattern.compile("\"product_id\"\\s*:\\s*\"([^\"]*)\"");

    /** @throws IllegalArgumentException if a market of the watchlist is not a Coinbase market */
    public CoinbaseProtocol(IngestSettings settings) {
        super(Coinbase.EXCHANGE_FEED, settings);
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

    /**
     * "Failed to subscribe" names an invalid product or channel, which every reconnect would send again: the run
     * ends. Other errors are logged; if the venue then closes the socket, the session reconnects.
     */
    @Override
    public ServerReaction onRejected(FeedEvent.Rejected rejected) {
        if ("Failed to subscribe".equals(rejected.reason())) {
            return new ServerReaction.Fail(new IngestException("Coinbase refused the subscription to "
                    + ingestSettings().markets().stream().map(CoinbaseSymbols::productId).toList() + " (" + describe(rejected)
                    + "); check the watchlist: products are BASE-QUOTE as Coinbase lists them, e.g. BTC-USD"));
        }
        return super.onRejected(rejected);
    }

    @Override
    public Optional<Market> marketOf(String malformedFrame) {
        return productOf(malformedFrame);
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
