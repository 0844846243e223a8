package io.cryptostream.simulator;

import io.cryptostream.exchange.TradeHistory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link SimulatorServer} behaves. Build with {@link #builder()}; every field has a default that mimics the
 * real venue with a free API key.
 *
 * @param port                    TCP port on 127.0.0.1; 0 picks a free one (read it back with {@link SimulatorServer#port()})
 * @param apiKey                  the only key accepted; null accepts any key, and no key at all
 * @param maxSocketsPerKey        sockets one key may hold open at once (a free CryptoCompare key: 1)
 * @param heartbeatInterval       time between heartbeats on every connection
 * @param tradesPerSecond         trade rate of each market
 * @param tradesPerMarket         trades a market emits before it goes silent; {@link Long#MAX_VALUE} is unbounded
 * @param seed                    seeds every market's random walk: same seed, same prices, sizes, sides and ids
 * @param replayOnSubscribe       latest trades of a market sent to a new subscriber before live ones; 0 disables
 * @param recordEmittedTrades     keep every emitted trade for {@link SimulatorServer#emittedTrades()}; turn off for
 *                                long runs, where the list would grow without end (the REST history keeps its own
 *                                bounded window, {@code historyDepth})
 * @param protocol                the venue the server impersonates
 * @param historyDepth            the latest trades of each market the REST trade history serves; a request reaching
 *                                older ones is answered that they are gone; 0 serves an empty history
 * @param historyBudget           request weight the REST trade history allows per window before it answers 429;
 *                                empty for no limit (the venue's own is {@code protocol.history().budget()})
 * @param eventTimeLag            how far behind the wall clock trades are stamped; zero stamps each as it is made. A
 *                                lag of over a minute puts a run's trades in minutes that are over at once, for a
 *                                check of finished minutes that need not wait for the current one to end
 */
public record SimulatorConfig(
        int port,
        String apiKey,
        int maxSocketsPerKey,
        Duration heartbeatInterval,
        double tradesPerSecond,
        long tradesPerMarket,
        long seed,
        int replayOnSubscribe,
        boolean recordEmittedTrades,
        VenueProtocol protocol,
        int historyDepth,
        Optional<TradeHistory.Budget> historyBudget,
        Duration eventTimeLag) {

    public static final int DEFAULT_PORT = 0;
    public static final int DEFAULT_MAX_SOCKETS_PER_KEY = 1;
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(30);
    public static final double DEFAULT_TRADES_PER_SECOND = 2.0;
    public static final long UNBOUNDED = Long.MAX_VALUE;
    public static final long DEFAULT_SEED = 42L;
    public static final int DEFAULT_REPLAY_ON_SUBSCRIBE = 20;
    public static final int DEFAULT_HISTORY_DEPTH = 10_000;

    public SimulatorConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535 (0 = any free port), was " + port);
        }
        if (maxSocketsPerKey < 1) {
            throw new IllegalArgumentException("maxSocketsPerKey must be at least 1, was " + maxSocketsPerKey);
        }
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeatInterval must be positive, was " + heartbeatInterval);
        }
        if (!(tradesPerSecond > 0) || Double.isInfinite(tradesPerSecond)) {
            throw new IllegalArgumentException("tradesPerSecond must be a positive finite number, was " + tradesPerSecond);
        }
        if (tradesPerMarket < 0) {
            throw new IllegalArgumentException("tradesPerMarket must not be negative, was " + tradesPerMarket);
        }
        if (replayOnSubscribe < 0) {
            throw new IllegalArgumentException("replayOnSubscribe must not be negative (0 disables), was " + replayOnSubscribe);
        }
        Objects.requireNonNull(protocol, "protocol");
        if (historyDepth < 0) {
            throw new IllegalArgumentException("historyDepth must not be negative (0 serves an empty history), was "
                    + historyDepth);
        }
        Objects.requireNonNull(historyBudget, "historyBudget");
        Objects.requireNonNull(eventTimeLag, "eventTimeLag");
        if (eventTimeLag.isNegative()) {
            throw new IllegalArgumentException("eventTimeLag must not be negative, was " + eventTimeLag);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static SimulatorConfig defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        return new Builder().port(port).apiKey(apiKey).maxSocketsPerKey(maxSocketsPerKey)
                .heartbeatInterval(heartbeatInterval).tradesPerSecond(tradesPerSecond).tradesPerMarket(tradesPerMarket)
                .seed(seed).replayOnSubscribe(replayOnSubscribe).recordEmittedTrades(recordEmittedTrades)
                .protocol(protocol).historyDepth(historyDepth).historyBudget(historyBudget.orElse(null))
                .eventTimeLag(eventTimeLag);
    }

    public static final class Builder {
        private int port = DEFAULT_PORT;
        private String apiKey;
        private int maxSocketsPerKey = DEFAULT_MAX_SOCKETS_PER_KEY;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private double tradesPerSecond = DEFAULT_TRADES_PER_SECOND;
        private long tradesPerMarket = UNBOUNDED;
        private long seed = DEFAULT_SEED;
        private int replayOnSubscribe = DEFAULT_REPLAY_ON_SUBSCRIBE;
        private boolean recordEmittedTrades = true;
        private VenueProtocol protocol = new CryptoCompareProtocol();
        private int historyDepth = DEFAULT_HISTORY_DEPTH;
        private TradeHistory.Budget historyBudget;
        private Duration eventTimeLag = Duration.ZERO;

        private Builder() {
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder maxSocketsPerKey(int maxSocketsPerKey) {
            this.maxSocketsPerKey = maxSocketsPerKey;
            return this;
        }

        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
            return this;
        }

        public Builder tradesPerSecond(double tradesPerSecond) {
            this.tradesPerSecond = tradesPerSecond;
            return this;
        }

        public Builder tradesPerMarket(long tradesPerMarket) {
            this.tradesPerMarket = tradesPerMarket;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder replayOnSubscribe(int replayOnSubscribe) {
            this.replayOnSubscribe = replayOnSubscribe;
            return this;
        }

        public Builder recordEmittedTrades(boolean recordEmittedTrades) {
            this.recordEmittedTrades = recordEmittedTrades;
            return this;
        }

        public Builder protocol(VenueProtocol protocol) {
            this.protocol = protocol;
            return this;
        }

        public Builder historyDepth(int historyDepth) {
            this.historyDepth = historyDepth;
            return this;
        }

        /** A request budget for the REST trade history; null for none. */
        public Builder historyBudget(TradeHistory.Budget historyBudget) {
            this.historyBudget = historyBudget;
            return this;
        }

        public Builder eventTimeLag(Duration eventTimeLag) {
            this.eventTimeLag = eventTimeLag;
            return this;
        }

        public SimulatorConfig build() {
            return new SimulatorConfig(port, apiKey, maxSocketsPerKey, heartbeatInterval, tradesPerSecond,
                    tradesPerMarket, seed, replayOnSubscribe, recordEmittedTrades, protocol, historyDepth,
                    Optional.ofNullable(historyBudget), eventTimeLag);
        }
    }
}
