package io.cryptostream.simulator;

import org.apache.pekko.actor.Cancellable;

/** Paces one market at its rate; catches up at most one second of trades after a stall. */
final class MarketTicker implements Runnable {

    private final RandomWalkMarket walk;
    private final double tradesPerSecond;
    private final double maxOwed;
    private long lastNanos = System.nanoTime();
    private double owed;
    private volatile Cancellable schedule;

    MarketTicker(RandomWalkMarket walk, double tradesPerSecond) {
        this.walk = walk;
        this.tradesPerSecond = tradesPerSecond;
        this.maxOwed = Math.max(1, tradesPerSecond);
    }

    /** The schedule that runs this ticker, cancelled once the market is exhausted. */
    void scheduledBy(Cancellable schedule) {
        this.schedule = schedule;
    }

    @Override
    public synchronized void run() {
        long now = System.nanoTime();
        owed = Math.min(owed + (now - lastNanos) / 1e9 * tradesPerSecond, maxOwed);
        lastNanos = now;
        int due = (int) owed;
        if (due > 0) {
            owed -= due;
            walk.emit(due);
        }
        if (walk.exhausted() && schedule != null) {
            schedule.cancel();
        }
    }
}
