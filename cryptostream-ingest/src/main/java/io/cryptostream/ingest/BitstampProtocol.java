package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.exchange.bitstamp.Bitstamp;
import io.cryptostream.exchange.bitstamp.BitstampChannel;
import io.cryptostream.exchange.bitstamp.BitstampSubscriptions;
import io.cryptostream.exchange.bitstamp.BitstampSymbols;
import io.cryptostream.feed.FeedEvent;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bitstamp WebSocket API v2 as described by {@link Bitstamp}: one {@code bts:subscribe} per channel, each
 * acknowledged; the client's {@code bts:heartbeat} proves the socket alive; trade ids are global across markets.
 * What differs here: the channel kinds to take, no refusal ending the run, and a ping never rarer than 10 s.
 */
public final class BitstampProtocol extends DescribedVenueProtocol {

    public static final URI DEFAULT_URL = Bitstamp.VENUE.endpoint();
    /** Often enough that a quiet market's socket still shows life well within the liveness window. */
    static final Duration HEARTBEAT_EVERY = Bitstamp.VENUE.liveness().heartbeatInterval();

    private static final Pattern CHANNEL = Pattern.compile("\"channel\"\\s*:\\s*\"(live_(?:trades|orders)_[a-z0-9-]+)\"");

    /** Trades of every market of {@code settings}. */
    public BitstampProtocol(IngestSettings settings) {
        this(settings, EnumSet.of(BitstampChannel.LIVE_TRADES));
    }

    /** The given channel kinds (live_trades, live_orders) of every market of {@code settings}. */
    public BitstampProtocol(IngestSettings settings, Set<BitstampChannel> kinds) {
        super(Bitstamp.VENUE, checked(settings), Bitstamp.VENUE.codec().get(), BitstampSubscriptions.of(kinds));
        // An empty choice of kinds is refused now rather than at the first connect.
        subscribeFrames();
    }

    private static IngestSettings checked(IngestSettings settings) {
        for (Market market : settings.markets()) {
            if (!BitstampSymbols.EXCHANGE.equals(market.exchange())) {
                // Trades come back as Bitstamp markets; others would never match the watchlist's counters.
                throw new IllegalArgumentException("Bitstamp ingests Bitstamp markets only, e.g. "
                        + BitstampSymbols.parse("BTC-USD") + "; the watchlist has " + market);
            }
        }
        return settings;
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

    /**
     * Bitstamp sends no heartbeats unasked: the answer to {@code bts:heartbeat} proves a quiet socket alive. Never
     * less often than the settings' heartbeat interval, so that the staleness window
     * ({@code heartbeatInterval × missedHeartbeats}) always spans several answers.
     */
    @Override
    protected Duration clientPingInterval() {
        return ingestSettings().heartbeatInterval().compareTo(HEARTBEAT_EVERY) < 0 ? ingestSettings().heartbeatInterval() : HEARTBEAT_EVERY;
    }
}
