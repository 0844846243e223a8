package io.cryptostream.ingest;

import io.cryptostream.exchange.cryptocompare.CryptoCompare;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.TradeCheck;
import io.cryptostream.exchange.cryptocompare.CryptoCompareSubscriptions;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to ingest one venue's trade feed.
 *
 * @param url                   the WebSocket endpoint
 * @param apiKey                sent in the handshake; without one the venue refuses CryptoCompare connections
 * @param markets               the watchlist
 * @param heartbeatInterval     how often the server sends a heartbeat
 * @param missedHeartbeats      the socket is stale, and is replaced, after this many intervals without any frame
 * @param minReconnectDelay     least time between two connection attempts (CryptoCompare asks for 5 s; shorter
 *                              only against a local simulator)
 * @param maxReconnectDelay     the cap of the exponential backoff
 * @param reconnectJitter       a delay grows by a random fraction in [0, jitter) of itself, up to the cap
 * @param maxConnectsPerMinute  connection attempts allowed in any rolling minute (CryptoCompare refuses above 60)
 * @param backoffResetAfter     a connection that stayed up this long resets the backoff to {@code minReconnectDelay}
 * @param rateLimitedWait       least wait after the venue refused a socket for opening them too fast (429)
 * @param dedupeWindow          recent trade ids remembered per market to drop trades replayed after a resubscribe
 * @param dedupeTail            records read back from the end of each partition of the sink's topic at start to fill
 *                              the dedupe window, so that a restart does not publish again what the venue re-sends;
 *                              0 reads none
 * @param bufferSize            trades held between the socket and the sink before the socket is backpressured
 * @param runFor                stop cleanly after this long; empty runs until stopped
 * @param stopGracePeriod       on stop, how long to wait for the unsubscribe acknowledgement and again for the
 *                              server to close the socket, and for the gap fills queued or in flight to finish
 * @param reconnectBudget       how long connections may fail in a row (none welcomed by the venue) before the run
 *                              ends with one line naming the endpoint; the first connection counts like any other
 * @param tradeCheck            what a valid trade is; a trade it rejects never reaches the sink
 */
public record IngestSettings(
        URI url,
        Optional<ApiKey> apiKey,
        List<Market> markets,
        Duration heartbeatInterval,
        int missedHeartbeats,
        Duration minReconnectDelay,
        Duration maxReconnectDelay,
        double reconnectJitter,
        int maxConnectsPerMinute,
        Duration backoffResetAfter,
        Duration rateLimitedWait,
        int dedupeWindow,
        int dedupeTail,
        int bufferSize,
        Optional<Duration> runFor,
        Duration stopGracePeriod,
        Duration reconnectBudget, TradeCheck tradeCheck,
        GapFillSettings gapFill) {

    public static final URI CRYPTOCOMPARE_URL = CryptoCompare.VENUE.endpoint();
    /** A venue down for maintenance is usually back within minutes; a wrong URL never is. */
    public static final Duration DEFAULT_RECONNECT_BUDGET = Duration.ofMinutes(10);
    /** Enough for a few markets per partition, each replaying well under the dedupe window on subscribe. */
    public static final int DEFAULT_DEDUPE_TAIL = 4_096;
    public static final int DEFAULT_DEDUPE_WINDOW = 1_024;
    public static final List<Market> DEFAULT_MARKETS = CryptoCompareSubscriptions.DEFAULT_WATCHLIST.stream()
            .map(CryptoCompareSubscriptions::parseTradeSub).toList();

    public IngestSettings {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme();
        if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("url must be ws:// or wss://, was " + forLogs(url));
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("url has no host: " + forLogs(url));
        }
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(tradeCheck, "tradeCheck");
        markets = List.copyOf(markets);
        if (markets.isEmpty()) {
            throw new IllegalArgumentException("markets must not be empty");
        }
        requirePositive(heartbeatInterval, "heartbeatInterval");
        if (missedHeartbeats < 1) {
            throw new IllegalArgumentException("missedHeartbeats must be at least 1, was " + missedHeartbeats);
        }
        requirePositive(minReconnectDelay, "minReconnectDelay");
        requirePositive(maxReconnectDelay, "maxReconnectDelay");
        if (maxReconnectDelay.compareTo(minReconnectDelay) < 0) {
            throw new IllegalArgumentException("maxReconnectDelay " + maxReconnectDelay
                    + " is below minReconnectDelay " + minReconnectDelay);
        }
        if (!(reconnectJitter >= 0 && reconnectJitter <= 1)) {
            throw new IllegalArgumentException("reconnectJitter must be within [0, 1], was " + reconnectJitter);
        }
        if (maxConnectsPerMinute < 1) {
            throw new IllegalArgumentException("maxConnectsPerMinute must be at least 1, was " + maxConnectsPerMinute);
        }
        requirePositive(backoffResetAfter, "backoffResetAfter");
        Objects.requireNonNull(rateLimitedWait, "rateLimitedWait");
        if (dedupeWindow < 1) {
            throw new IllegalArgumentException("dedupeWindow must be at least 1, was " + dedupeWindow);
        }
        if (dedupeTail < 0) {
            throw new IllegalArgumentException("dedupeTail must not be negative, was " + dedupeTail);
        }
        if (bufferSize < 1) {
            throw new IllegalArgumentException("bufferSize must be at least 1, was " + bufferSize);
        }
        Objects.requireNonNull(runFor, "runFor");
        runFor.ifPresent(d -> requirePositive(d, "runFor"));
        requirePositive(stopGracePeriod, "stopGracePeriod");
        requirePositive(reconnectBudget, "reconnectBudget");
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** No frame for this long means the socket is stale: {@code heartbeatInterval × missedHeartbeats}. */
    public Duration staleAfter() {
        return heartbeatInterval.multipliedBy(missedHeartbeats);
    }

    /** The URL without user info and query, which may carry credentials ({@code ?api_key=}). */
    public String urlForLogs() {
        return forLogs(url);
    }

    static String forLogs(URI url) {
        StringBuilder s = new StringBuilder().append(url.getScheme()).append("://").append(url.getHost());
        if (url.getPort() >= 0) {
            s.append(':').append(url.getPort());
        }
        if (url.getRawPath() != null) {
            s.append(url.getRawPath());
        }
        if (url.getRawQuery() != null) {
            s.append("?…");
        }
        return s.toString();
    }

    /** Like the generated form, but with the URL as {@link #urlForLogs()}; the key already prints masked. */
    @Override
    public String toString() {
        return "IngestSettings[url=" + urlForLogs() + ", apiKey=" + apiKey + ", markets=" + markets
                + ", heartbeatInterval=" + heartbeatInterval + ", missedHeartbeats=" + missedHeartbeats
                + ", minReconnectDelay=" + minReconnectDelay + ", maxReconnectDelay=" + maxReconnectDelay
                + ", reconnectJitter=" + reconnectJitter + ", maxConnectsPerMinute=" + maxConnectsPerMinute
                + ", backoffResetAfter=" + backoffResetAfter + ", rateLimitedWait=" + rateLimitedWait
                + ", dedupeWindow=" + dedupeWindow + ", dedupeTail=" + dedupeTail
                + ", bufferSize=" + bufferSize + ", runFor=" + runFor
                + ", stopGracePeriod=" + stopGracePeriod + ", reconnectBudget=" + reconnectBudget + ", tradeCheck=" + tradeCheck
                + "]";
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    public static final class Builder {
        private URI url = CRYPTOCOMPARE_URL;
        private Optional<ApiKey> apiKey = Optional.empty();
        private List<Market> markets = DEFAULT_MARKETS;
        private Duration heartbeatInterval = Duration.ofSeconds(30);
        private int missedHeartbeats = 2;
        private Duration minReconnectDelay = Duration.ofSeconds(5);
        private Duration maxReconnectDelay = Duration.ofSeconds(60);
        private double reconnectJitter = 0.2;
        private int maxConnectsPerMinute = 60;
        private Duration backoffResetAfter = Duration.ofSeconds(60);
        private Duration rateLimitedWait = Duration.ofSeconds(60);
        private int dedupeWindow = DEFAULT_DEDUPE_WINDOW;
        private int dedupeTail = DEFAULT_DEDUPE_TAIL;
        private int bufferSize = 10_000;
        private Optional<Duration> runFor = Optional.empty();
        private Duration stopGracePeriod = Duration.ofSeconds(5);
        private Duration reconnectBudget = DEFAULT_RECONNECT_BUDGET;
        private TradeCheck tradeCheck = TradeCheck.defaults();
        private GapFillSettings gapFill = GapFillSettings.defaults();

        private Builder() {
        }

        private Builder(IngestSettings s) {
            url = s.url;
            apiKey = s.apiKey;
            markets = s.markets;
            heartbeatInterval = s.heartbeatInterval;
            missedHeartbeats = s.missedHeartbeats;
            minReconnectDelay = s.minReconnectDelay;
            maxReconnectDelay = s.maxReconnectDelay;
            reconnectJitter = s.reconnectJitter;
            maxConnectsPerMinute = s.maxConnectsPerMinute;
            backoffResetAfter = s.backoffResetAfter;
            rateLimitedWait = s.rateLimitedWait;
            dedupeWindow = s.dedupeWindow;
            dedupeTail = s.dedupeTail;
            bufferSize = s.bufferSize;
            runFor = s.runFor;
            stopGracePeriod = s.stopGracePeriod;
            reconnectBudget = s.reconnectBudget;
            tradeCheck = s.tradeCheck;
            gapFill = s.gapFill;
        }

        public Builder url(URI url) {
            this.url = url;
            return this;
        }

        public Builder url(String url) {
            return url(URI.create(url));
        }

        public Builder apiKey(ApiKey apiKey) {
            this.apiKey = Optional.of(apiKey);
            return this;
        }

        public Builder apiKey(Optional<ApiKey> apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder markets(List<Market> markets) {
            this.markets = markets;
            return this;
        }

        /** The watchlist as CryptoCompare trade subscriptions, e.g. {@code 0~Coinbase~BTC~USD}. */
        public Builder subscriptions(List<String> tradeSubs) {
            return markets(tradeSubs.stream().map(CryptoCompareSubscriptions::parseTradeSub).toList());
        }

        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
            return this;
        }

        public Builder missedHeartbeats(int missedHeartbeats) {
            this.missedHeartbeats = missedHeartbeats;
            return this;
        }

        public Builder minReconnectDelay(Duration minReconnectDelay) {
            this.minReconnectDelay = minReconnectDelay;
            return this;
        }

        public Builder maxReconnectDelay(Duration maxReconnectDelay) {
            this.maxReconnectDelay = maxReconnectDelay;
            return this;
        }

        public Builder reconnectJitter(double reconnectJitter) {
            this.reconnectJitter = reconnectJitter;
            return this;
        }

        public Builder maxConnectsPerMinute(int maxConnectsPerMinute) {
            this.maxConnectsPerMinute = maxConnectsPerMinute;
            return this;
        }

        public Builder backoffResetAfter(Duration backoffResetAfter) {
            this.backoffResetAfter = backoffResetAfter;
            return this;
        }

        public Builder rateLimitedWait(Duration rateLimitedWait) {
            this.rateLimitedWait = rateLimitedWait;
            return this;
        }

        public Builder dedupeTail(int dedupeTail) {
            this.dedupeTail = dedupeTail;
            return this;
        }

        public Builder dedupeWindow(int dedupeWindow) {
            this.dedupeWindow = dedupeWindow;
            return this;
        }

        public Builder bufferSize(int bufferSize) {
            this.bufferSize = bufferSize;
            return this;
        }

        public Builder runFor(Duration runFor) {
            this.runFor = Optional.of(runFor);
            return this;
        }

        public Builder runFor(Optional<Duration> runFor) {
            this.runFor = runFor;
            return this;
        }

        public Builder stopGracePeriod(Duration stopGracePeriod) {
            this.stopGracePeriod = stopGracePeriod;
            return this;
        }

        public Builder reconnectBudget(Duration reconnectBudget) {
            this.reconnectBudget = reconnectBudget;
            return this;
        }

        public Builder tradeCheck(TradeCheck tradeCheck) {
            this.tradeCheck = tradeCheck;
            return this;
        }

        public Builder gapFill(GapFillSettings gapFill) {
            this.gapFill = gapFill;
            return this;
        }

        public IngestSettings build() {
            return new IngestSettings(url, apiKey, markets, heartbeatInterval, missedHeartbeats, minReconnectDelay,
                    maxReconnectDelay, reconnectJitter, maxConnectsPerMinute, backoffResetAfter, rateLimitedWait,
                    dedupeWindow, dedupeTail, bufferSize, runFor, stopGracePeriod, reconnectBudget, tradeCheck,
                    gapFill);
        }
    }
}
