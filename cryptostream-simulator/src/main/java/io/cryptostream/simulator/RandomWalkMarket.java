package io.cryptostream.simulator;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One market's global trade stream: a seeded random walk of prices, lognormal sizes, per-market increasing ids.
 * Every subscriber of the market gets the same frames in the same order, like on a real exchange.
 *
 * <p>From its first order subscriber on, the market also makes one order book change per trade
 * ({@link RandomOrderFlow}) around the walk's price, for the venues that stream single orders.
 */
final class RandomWalkMarket {

    private static final double VOLATILITY_PER_TRADE = 0.0004;
    private static final double MEDIAN_NOTIONAL_USD = 300;
    private static final double NOTIONAL_SPREAD = 1.3;
    private static final double UNKNOWN_SIDE_SHARE = 0.02;
    private static final int QUANTITY_SCALE = 8;
    private static final BigDecimal SMALLEST_QUANTITY = BigDecimal.ONE.movePointLeft(QUANTITY_SCALE);

    private static final Map<String, Double> USD_PRICES = Map.ofEntries(
            Map.entry("BTC", 60000.0), Map.entry("ETH", 3000.0), Map.entry("BNB", 600.0), Map.entry("SOL", 150.0),
            Map.entry("LTC", 80.0), Map.entry("XRP", 0.6), Map.entry("ADA", 0.45), Map.entry("DOGE", 0.15),
            Map.entry("EUR", 1.08), Map.entry("GBP", 1.27));
    /** Quotes priced in cents, like fiat and dollar stablecoins. */
    private static final Set<String> CENT_QUOTES = Set.of("USD", "USDT", "USDC", "BUSD", "DAI", "TUSD", "EUR", "GBP");

    private final Market market;
    private final VenueProtocol protocol;
    private final SplittableRandom random;
    private final int priceScale;
    private final double medianQuantity;
    private final long tradeLimit;
    private final int replayCapacity;
    private final Duration eventTimeLag;
    private final ArrayDeque<String> latestFrames;
    private final Set<ClientConnection> subscribers = new LinkedHashSet<>();
    private final Set<ClientConnection> orderSubscribers = new LinkedHashSet<>();
    private final Consumer<Trade> onEmitted;
    private final Consumer<OrderEvent> onOrderEmitted;
    /** Trades recorded (so in the REST history) but never sent: a real gap for socket clients. */
    private final Predicate<Trade> keptOffSockets;
    private final long seed;
    private RandomOrderFlow orderFlow;

    private double price;
    private long nextId;
    private long emitted;
    private boolean halted;

    RandomWalkMarket(Market market, SimulatorConfig config, Consumer<Trade> onEmitted,
                     Consumer<OrderEvent> onOrderEmitted, Predicate<Trade> keptOffSockets) {
        this.market = market;
        this.protocol = config.protocol();
        // Seeded per market key, so a market's stream does not depend on which markets were created before it.
        this.random = new SplittableRandom(config.seed() * 1_000_003L + market.key().hashCode());
        double start = usdPrice(market.base()) / usdPrice(market.quote());
        this.price = start * (1 + (random.nextDouble() - 0.5) * 0.02);
        this.priceScale = CENT_QUOTES.contains(market.quote()) && start >= 1 ? 2 : CENT_QUOTES.contains(market.quote()) ? 6 : 8;
        this.medianQuantity = MEDIAN_NOTIONAL_USD / usdPrice(market.base());
        this.nextId = 100_000_000L + random.nextInt(900_000_000);
        this.tradeLimit = config.tradesPerMarket();
        this.replayCapacity = config.replayOnSubscribe();
        this.eventTimeLag = config.eventTimeLag();
        this.latestFrames = new ArrayDeque<>(Math.min(replayCapacity, 1024));
        this.onEmitted = onEmitted;
        this.onOrderEmitted = onOrderEmitted;
        this.keptOffSockets = keptOffSockets;
        this.seed = config.seed();
    }

    private static double usdPrice(String asset) {
        return USD_PRICES.getOrDefault(asset, 1.0);
    }

    Market market() {
        return market;
    }

    synchronized boolean exhausted() {
        return emitted >= tradeLimit;
    }

    /**
     * Emits up to {@code count} trades stamped with the time each is made (less the configured lag), fewer once the
     * limit is reached.
     */
    synchronized int emit(int count) {
        int sent = 0;
        while (sent < count && emitted < tradeLimit && !halted) {
            Trade trade = protocol.asReported(nextTrade(Instant.now().minus(eventTimeLag)));
            String frame = protocol.tradeFrame(trade);
            emitted++;
            sent++;
            onEmitted.accept(trade);
            if (!keptOffSockets.test(trade)) {
                send(frame);
            }
            if (orderFlow != null) {
                emitOrder(trade.eventTime());
            }
        }
        return sent;
    }

    private void send(String frame) {
        if (replayCapacity > 0) {
            if (latestFrames.size() == replayCapacity) {
                latestFrames.removeFirst();
            }
            latestFrames.addLast(frame);
        }
        for (ClientConnection subscriber : subscribers) {
            subscriber.send(frame);
        }
    }

    /** Emits nothing more; returns after a trade being emitted right now is sent (both hold this market's lock). */
    synchronized void halt() {
        halted = true;
    }

    /** Adds a subscriber and queues the latest trades for it, atomically with respect to live trades. */
    synchronized boolean subscribe(ClientConnection connection) {
        if (!subscribers.add(connection)) {
            return false;
        }
        latestFrames.forEach(connection::send);
        return true;
    }

    synchronized boolean unsubscribe(ClientConnection connection) {
        return subscribers.remove(connection);
    }

    /** Adds an order subscriber; the first one ever starts the market's order flow, which then never stops. */
    synchronized boolean subscribeOrders(ClientConnection connection) {
        if (orderFlow == null) {
            orderFlow = new RandomOrderFlow(market, seed, priceScale, medianQuantity);
        }
        return orderSubscribers.add(connection);
    }

    synchronized boolean unsubscribeOrders(ClientConnection connection) {
        return orderSubscribers.remove(connection);
    }

    private void emitOrder(Instant now) {
        OrderEvent order = orderFlow.next(price, now);
        onOrderEmitted.accept(order);
        String frame = protocol.orderFrame(order);
        for (ClientConnection subscriber : orderSubscribers) {
            subscriber.send(frame);
        }
    }

    synchronized int subscriberCount() {
        return subscribers.size() + orderSubscribers.size();
    }

    synchronized List<ClientConnection> subscribers() {
        return List.copyOf(subscribers);
    }

    private Trade nextTrade(Instant now) {
        price *= Math.exp(VOLATILITY_PER_TRADE * random.nextGaussian());
        BigDecimal tick = BigDecimal.ONE.movePointLeft(priceScale);
        BigDecimal tradePrice = BigDecimal.valueOf(price).setScale(priceScale, RoundingMode.HALF_EVEN).max(tick);
        double size = medianQuantity * Math.exp(NOTIONAL_SPREAD * random.nextGaussian());
        BigDecimal quantity = BigDecimal.valueOf(size).setScale(QUANTITY_SCALE, RoundingMode.HALF_EVEN).max(SMALLEST_QUANTITY);
        double sideDraw = random.nextDouble();
        TakerSide side = sideDraw < UNKNOWN_SIDE_SHARE ? TakerSide.UNKNOWN
                : sideDraw < (1 + UNKNOWN_SIDE_SHARE) / 2 ? TakerSide.SELL : TakerSide.BUY;
        return Trade.of(market, side, tradePrice, quantity, Long.toString(nextId++), now, now);
    }
}
