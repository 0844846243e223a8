package io.cryptostream.simulator;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.OrderAction;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.OrderSide;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One market's resting orders as a small seeded stream of book changes: orders are created at random prices near
 * the market's price (bids below, asks above), then partly filled (changed) or deleted. A handful of orders rest
 * at a time, so every kind of change comes often. Same seed and market, same sequence of changes.
 */
final class RandomOrderFlow {

    private static final int MAX_RESTING = 12;
    private static final double CREATE_SHARE = 0.5;
    private static final double CHANGE_SHARE = 0.5;
    private static final double MAX_DISTANCE = 0.005;
    private static final double SIZE_SPREAD = 1.0;
    private static final int AMOUNT_SCALE = 8;
    private static final BigDecimal SMALLEST_AMOUNT = BigDecimal.ONE.movePointLeft(AMOUNT_SCALE);
    /** Bitstamp order ids are around 1.6e15 and grow by irregular steps. */
    private static final long FIRST_ID = 1_600_000_000_000_000L;
    private static final int MAX_ID_STEP = 64;

    private record Resting(String id, OrderSide side, BigDecimal price, BigDecimal amount) {
    }

    private final Market market;
    private final SplittableRandom random;
    private final int priceScale;
    private final double medianAmount;
    private final List<Resting> resting = new ArrayList<>();
    private long nextId;

    RandomOrderFlow(Market market, long seed, int priceScale, double medianAmount) {
        this.market = market;
        // Its own generator, so subscribing to orders leaves the market's trades unchanged.
        this.random = new SplittableRandom(seed * 1_000_033L + market.key().hashCode());
        this.priceScale = priceScale;
        this.medianAmount = medianAmount;
        this.nextId = FIRST_ID + random.nextInt(1_000_000_000);
    }

    /** The next change to the book, around {@code marketPrice}, stamped {@code now} at the µs of live_orders. */
    OrderEvent next(double marketPrice, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        if (resting.isEmpty() || resting.size() < MAX_RESTING && random.nextDouble() < CREATE_SHARE) {
            return create(marketPrice, at);
        }
        int index = random.nextInt(resting.size());
        Resting order = resting.get(index);
        if (random.nextDouble() < CHANGE_SHARE) {
            BigDecimal left = order.amount().multiply(BigDecimal.valueOf(0.2 + 0.6 * random.nextDouble()))
                    .setScale(AMOUNT_SCALE, RoundingMode.HALF_EVEN).max(SMALLEST_AMOUNT);
            Resting changed = new Resting(order.id(), order.side(), order.price(), left);
            resting.set(index, changed);
            return event(changed, OrderAction.CHANGED, at);
        }
        resting.remove(index);
        return event(order, OrderAction.DELETED, at);
    }

    private OrderEvent create(double marketPrice, Instant at) {
        OrderSide side = random.nextBoolean() ? OrderSide.BUY : OrderSide.SELL;
        double distance = MAX_DISTANCE * random.nextDouble();
        double price = marketPrice * (side == OrderSide.BUY ? 1 - distance : 1 + distance);
        BigDecimal tick = BigDecimal.ONE.movePointLeft(priceScale);
        double size = medianAmount * Math.exp(SIZE_SPREAD * random.nextGaussian());
        Resting order = new Resting(Long.toString(nextId), side,
                BigDecimal.valueOf(price).setScale(priceScale, RoundingMode.HALF_EVEN).max(tick),
                BigDecimal.valueOf(size).setScale(AMOUNT_SCALE, RoundingMode.HALF_EVEN).max(SMALLEST_AMOUNT));
        nextId += 1 + random.nextInt(MAX_ID_STEP);
        resting.add(order);
        return event(order, OrderAction.CREATED, at);
    }

    private OrderEvent event(Resting order, OrderAction action, Instant at) {
        return new OrderEvent(market.exchange(), market.base(), market.quote(), order.side(), action, order.id(),
                order.price(), order.amount(), at, at);
    }
}
