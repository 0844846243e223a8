package io.cryptostream.simulator;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.Trade;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Cancellable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulator's markets: each starts at its first subscription, then trades on its own schedule whether or not
 * anyone listens; what they emit is recorded for {@link SimulatorServer#emittedTrades()}.
 */
final class SimulatedMarkets {

    /** Under the server's name, where the simulator's logs have always been. */
    private static final Logger log = LoggerFactory.getLogger(SimulatorServer.class);
    private static final Duration FINEST_TICK = Duration.ofMillis(10);

    private final SimulatorConfig config;
    private final ActorSystem system;
    private final List<Cancellable> tickers = new CopyOnWriteArrayList<>();
    private final Map<Market, RandomWalkMarket> markets = new ConcurrentHashMap<>();
    private final List<Trade> emittedTrades = new ArrayList<>();
    private final List<OrderEvent> emittedOrders = new ArrayList<>();
    private final RecentTrades recentTrades;
    private final MinuteCandles minuteCandles = new MinuteCandles();
    private final AtomicLong tradesEmitted = new AtomicLong();
    private final SocketDrops socketDrops = new SocketDrops();

    SimulatedMarkets(SimulatorConfig config, ActorSystem system) {
        this.config = config;
        this.system = system;
        this.recentTrades = new RecentTrades(config.historyDepth());
    }

    /** The market's trade stream, started at its first use. */
    RandomWalkMarket market(Market market) {
        return markets.computeIfAbsent(market, this::start);
    }

    private RandomWalkMarket start(Market market) {
        RandomWalkMarket walk = new RandomWalkMarket(market, config, this::record, this::recordOrder, socketDrops::drop);
        MarketTicker ticker = new MarketTicker(walk, config.tradesPerSecond());
        Duration period = Duration.ofNanos((long) (1e9 / config.tradesPerSecond()));
        Duration tick = period.compareTo(FINEST_TICK) < 0 ? FINEST_TICK : period;
        Cancellable schedule = system.scheduler().scheduleAtFixedRate(tick, tick, ticker, system.dispatcher());
        ticker.scheduledBy(schedule);
        tickers.add(schedule);
        return walk;
    }

    private void record(Trade trade) {
        tradesEmitted.incrementAndGet();
        recentTrades.add(trade);
        minuteCandles.add(trade);
        if (config.recordEmittedTrades()) {
            synchronized (emittedTrades) {
                emittedTrades.add(trade);
            }
        }
    }

    private void recordOrder(OrderEvent order) {
        if (config.recordEmittedTrades()) {
            synchronized (emittedOrders) {
                emittedOrders.add(order);
            }
        }
    }

    /** Stops every market for good; returns once no trade is in flight. */
    void stopTrading() {
        stopTickers();
        markets.values().forEach(RandomWalkMarket::halt);
        log.info("Trading stopped after {} trades", tradesEmitted.get());
    }

    void stopTickers() {
        tickers.forEach(Cancellable::cancel);
    }

    List<Trade> emittedTrades() {
        synchronized (emittedTrades) {
            return List.copyOf(emittedTrades);
        }
    }

    /** The market's emitted trades in emission order (empty if recording is off). */
    List<Trade> emittedTrades(Market market) {
        synchronized (emittedTrades) {
            return emittedTrades.stream().filter(trade -> trade.market().equals(market)).toList();
        }
    }

    /** What the REST trade history of {@code market} serves: its latest trades. */
    RecentTrades.Kept recentTrades(Market market) {
        return recentTrades.of(market);
    }

    /** What the REST candles of every market serve: the candles of every trade emitted. */
    MinuteCandles minuteCandles() {
        return minuteCandles;
    }

    SocketDrops socketDrops() {
        return socketDrops;
    }

    List<OrderEvent> emittedOrders() {
        synchronized (emittedOrders) {
            return List.copyOf(emittedOrders);
        }
    }

    Set<Market> started() {
        return Set.copyOf(markets.keySet());
    }

    int count() {
        return markets.size();
    }

    /** Trade and order subscriptions held now, summed over markets. */
    int subscriptions() {
        return markets.values().stream().mapToInt(RandomWalkMarket::subscriberCount).sum();
    }

    long tradesEmitted() {
        return tradesEmitted.get();
    }
}
