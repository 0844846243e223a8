package io.cryptostream.bench;

import io.cryptostream.domain.Market;
import io.cryptostream.simulator.CryptoCompareProtocol;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import io.cryptostream.simulator.SimulatorStats;
import io.cryptostream.servers.LoopbackPorts;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The CryptoCompare simulator in a child JVM of its own, so the CPU it spends sending is its own and cannot slow
 * ingest unseen. Two modes:
 * <ul>
 *   <li>frames: pre-renders {@link SyntheticTrades} as trade frames (before any clock starts), then, at each
 *       {@code next} from the bench, waits until a client subscribes to every market and publishes the next run's
 *       frames with the simulator's backpressured {@link SimulatorServer#publish}: as fast as the client takes them;
 *   <li>live: streams random-walk trades at a steady rate.
 * </ul>
 * Either way it serves until the bench says {@code stop}.
 */
final class SimulatorChild {

    static final String LISTENING = "listening";
    static final String PUBLISHED = "published ";
    private static final int FRAME_POOL = 100_000;
    private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(60);

    /**
     * @param port                  where to listen (chosen free by the bench)
     * @param tradesPerSecond       live mode: the total rate over all markets; 0 in frames mode
     * @param startEpochMillis      frames mode: the first window of the synthetic trades
     * @param tradesPerWindow       frames mode: trades per market per window
     * @param runs                  frames mode: frames published per run, in order
     */
    record Request(int port, List<Market> markets, double tradesPerSecond, long startEpochMillis,
                   long tradesPerWindow, List<Long> runs) {

        static Request frames(List<Market> markets, Instant start, long tradesPerWindow, List<Long> runs) {
            return new Request(LoopbackPorts.free(1).get(0), markets, 0, start.toEpochMilli(), tradesPerWindow, runs);
        }

        static Request live(List<Market> markets, double tradesPerSecond) {
            return new Request(LoopbackPorts.free(1).get(0), markets, tradesPerSecond, 0, 0, List.of());
        }

        /** The WebSocket a client dials. */
        URI uri() {
            return URI.create("ws://" + SimulatorServer.HOST + ":" + port + new CryptoCompareProtocol().path());
        }
    }

    /**
     * @param lostAfter           frames mode, per run: frames published before the client went away, -1 if it never did
     * @param connectionsAccepted WebSocket connections admitted: more than one per client means it was dropped
     */
    record Result(List<Long> lostAfter, long connectionsAccepted, long tradesEmitted, long framesSent) {
    }

    private SimulatorChild() {
    }

    static Result run(Request request) throws InterruptedException {
        boolean live = request.tradesPerSecond() > 0;
        SimulatorConfig config = SimulatorConfig.builder()
                .port(request.port())
                .tradesPerSecond(live ? request.tradesPerSecond() / request.markets().size() : 0.001)
                .replayOnSubscribe(0)
                .recordEmittedTrades(false)
                .maxSocketsPerKey(64)
                .seed(live ? System.currentTimeMillis() : SimulatorConfig.DEFAULT_SEED)
                .build();
        String[] frames = live ? new String[0] : renderFrames(request);
        Market[] frameMarkets = live ? new Market[0] : frameMarkets(request, frames.length);
        List<Long> lostAfter = new ArrayList<>();
        try (SimulatorServer simulator = SimulatorServer.start(config)) {
            BenchChild.ready(LISTENING);
            // Read before the bench hears that a run ended, so the next run's client is always a later connection.
            long acceptedBefore = simulator.stats().connectionsAccepted();
            for (int run = 0; run < request.runs().size(); run++) {
                BenchChild.nextCommand();
                awaitNewSubscriber(simulator, request.markets(), acceptedBefore);
                long count = request.runs().get(run);
                long lost = -1;
                for (long i = 0; i < count; i++) {
                    int slot = (int) (i % frames.length);
                    if (simulator.publish(frameMarkets[slot], frames[slot]) == 0) {
                        lost = i;
                        BenchChild.progress("the client went away after " + i + " of " + count + " frames");
                        break;
                    }
                }
                lostAfter.add(lost);
                acceptedBefore = simulator.stats().connectionsAccepted();
                BenchChild.ready(PUBLISHED + run);
            }
            // Closing the server drops what is still queued for the client: it stays up until the bench says stop.
            BenchChild.nextCommand();
            SimulatorStats stats = simulator.stats();
            return new Result(lostAfter, stats.connectionsAccepted(), stats.tradesEmitted(), stats.framesSent());
        }
    }

    private static SyntheticTrades trades(Request request) {
        return new SyntheticTrades(request.markets(), Instant.ofEpochMilli(request.startEpochMillis()),
                SparkChild.WINDOW, request.tradesPerWindow());
    }

    private static String[] renderFrames(Request request) {
        int pool = (int) Math.min(FRAME_POOL, request.runs().stream().mapToLong(Long::longValue).max().orElse(1));
        SyntheticTrades trades = trades(request);
        CryptoCompareProtocol venue = new CryptoCompareProtocol();
        String[] frames = new String[pool];
        for (int i = 0; i < pool; i++) {
            frames[i] = venue.tradeFrame(trades.trade(i));
        }
        return frames;
    }

    private static Market[] frameMarkets(Request request, int pool) {
        SyntheticTrades trades = trades(request);
        Market[] markets = new Market[pool];
        for (int i = 0; i < pool; i++) {
            markets[i] = trades.market(i);
        }
        return markets;
    }

    /**
     * Waits until the run's client is the one open connection and subscribed to every market: the previous run's
     * client may still be closing, and frames published to it alone would be lost to the new one.
     */
    private static void awaitNewSubscriber(SimulatorServer simulator, List<Market> markets, long acceptedBefore)
            throws InterruptedException {
        long deadline = System.nanoTime() + SUBSCRIBE_TIMEOUT.toNanos();
        while (true) {
            SimulatorStats stats = simulator.stats();
            if (stats.connectionsAccepted() > acceptedBefore && stats.connectionsOpen() == 1
                    && simulator.subscribedMarkets().containsAll(markets)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("No client subscribed to " + markets + " on the simulator at "
                        + simulator.uri() + " as its only client within " + SUBSCRIBE_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(5);
        }
    }
}
