package io.cryptostream.bench;

import io.cryptostream.domain.Market;
import io.cryptostream.exchange.cryptocompare.CryptoCompareSubscriptions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The other half of ingest's limit: a WebSocket client (the JDK's) that subscribes like ingest and only counts the
 * simulator's trade frames. What it reaches is what the simulator and the socket carry on this machine, before any
 * decoding or Kafka.
 */
final class FrameCountingClient {

    /** CryptoCompare trade frames, as the simulator writes them, start so. */
    static final String TRADE_FRAME_PREFIX = "{\"TYPE\":\"0\"";

    /** Frames counted and the rate after the first {@link RawProducer#RAMP_SHARE} of them, as the producer's. */
    record Run(long frames, double seconds, double framesPerSecond) {
    }

    private FrameCountingClient() {
    }

    /** Subscribes, returns once subscribed; {@link Counting#await} then waits for {@code expected} trade frames. */
    static Counting subscribe(URI uri, List<Market> markets, long expected) {
        Counting counting = new Counting(expected);
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, counting).orTimeout(30, TimeUnit.SECONDS).join();
        socket.sendText(CryptoCompareSubscriptions.subAdd(markets.stream()
                .map(CryptoCompareSubscriptions::tradeSub).toList()), true).join();
        counting.socket = socket;
        return counting;
    }

    /** Counts whole text messages; the JDK may hand a message over in parts. */
    static final class Counting implements WebSocket.Listener {
        private final long expected;
        private final long ramp;
        private final AtomicLong frames = new AtomicLong();
        private final CountDownLatch done = new CountDownLatch(1);
        private final StringBuilder partial = new StringBuilder();
        private volatile long firstNanos;
        private volatile long rampNanos;
        private volatile long doneNanos;
        private volatile Throwable failure;
        private WebSocket socket;

        Counting(long expected) {
            this.expected = expected;
            this.ramp = Math.max(1, (long) (expected * RawProducer.RAMP_SHARE));
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            boolean trade;
            if (partial.isEmpty() && last) {
                trade = startsWithTradePrefix(data);
            } else {
                if (partial.length() < TRADE_FRAME_PREFIX.length()) {
                    partial.append(data, 0, Math.min(data.length(), TRADE_FRAME_PREFIX.length()));
                }
                if (!last) {
                    return null;
                }
                trade = startsWithTradePrefix(partial);
                partial.setLength(0);
            }
            if (trade) {
                long now = System.nanoTime();
                long count = frames.incrementAndGet();
                if (count == 1) {
                    firstNanos = now;
                }
                if (count == ramp) {
                    rampNanos = now;
                }
                if (count == expected) {
                    doneNanos = now;
                    done.countDown();
                }
            }
            return null;
        }

        private static boolean startsWithTradePrefix(CharSequence text) {
            if (text.length() < TRADE_FRAME_PREFIX.length()) {
                return false;
            }
            for (int i = 0; i < TRADE_FRAME_PREFIX.length(); i++) {
                if (text.charAt(i) != TRADE_FRAME_PREFIX.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            failure = error;
            done.countDown();
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            failure = new IllegalStateException("the simulator closed the socket (" + statusCode + " " + reason + ")");
            done.countDown();
            return null;
        }

        /** Waits for every expected frame, then closes the socket. */
        Run await(Duration timeout) throws InterruptedException {
            boolean finished = done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            socket.abort();
            if (doneNanos == 0) {
                throw new IllegalStateException("The frame-counting WebSocket client counted " + frames.get() + " of "
                        + expected + " trade frames" + (finished ? ": " + failure : " within " + timeout.toSeconds()
                        + " s"));
            }
            double rate = doneNanos == rampNanos ? expected / ((doneNanos - firstNanos) / 1e9)
                    : (expected - ramp) / ((doneNanos - rampNanos) / 1e9);
            return new Run(expected, (doneNanos - firstNanos) / 1e9, rate);
        }
    }
}
