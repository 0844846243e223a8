package io.cryptostream.simulator;

import io.cryptostream.exchange.cryptocompare.CryptoCompareCodec;
import io.cryptostream.feed.FeedEvent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** A plain JDK WebSocket client that records every text frame, the way a venue client reads the socket. */
final class WebSocketTestClient implements AutoCloseable {

    /** A text frame and when it arrived. */
    record Frame(String text, Instant receivedAt) {
        FeedEvent event() {
            return CODEC.decode(text, receivedAt);
        }
    }

    /** How the socket ended: a close frame (status, reason) or an error (status -1). */
    record Ending(int status, String reason, Throwable error) {
        boolean abrupt() {
            return error != null;
        }
    }

    private static final CryptoCompareCodec CODEC = new CryptoCompareCodec();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Ending> ending = new CompletableFuture<>();
    private final AtomicInteger pings = new AtomicInteger();
    private final WebSocket socket;

    private WebSocketTestClient(URI uri, Map<String, String> headers) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        this.socket = builder.buildAsync(uri, new Listener()).orTimeout(5, TimeUnit.SECONDS).join();
    }

    static WebSocketTestClient connect(URI uri) {
        return new WebSocketTestClient(uri, Map.of());
    }

    static WebSocketTestClient connect(URI uri, Map<String, String> headers) {
        return new WebSocketTestClient(uri, headers);
    }

    void send(String text) {
        socket.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** The next frame, failing if none arrives within {@code timeout}. */
    Frame next(Duration timeout) throws InterruptedException {
        Frame frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within " + timeout + (ending.isDone() ? "; socket ended: " + ending.join() : ""));
        }
        return frame;
    }

    FeedEvent nextEvent(Duration timeout) throws InterruptedException {
        return next(timeout).event();
    }

    /** Reads frames until one decodes to an event matching {@code wanted}; returns everything read, that one last. */
    List<Frame> readUntil(Predicate<FeedEvent> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Frame> read = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            Frame frame = next(Duration.ofNanos(Math.max(left, 0)));
            read.add(frame);
            if (wanted.test(frame.event())) {
                return read;
            }
        }
    }

    /** Frames received and not yet read, without waiting. */
    List<Frame> drain() {
        List<Frame> drained = new ArrayList<>();
        frames.drainTo(drained);
        return drained;
    }

    Ending awaitEnding(Duration timeout) {
        return ending.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** WebSocket pings received; the JDK client answers each with a pong. */
    int pings() {
        return pings.get();
    }

    boolean ended() {
        return ending.isDone();
    }

    @Override
    public void close() {
        if (!ending.isDone()) {
            socket.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(new Frame(partial.toString(), Instant.now()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            pings.incrementAndGet();
            return WebSocket.Listener.super.onPing(webSocket, message);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ending.complete(new Ending(statusCode, reason, null));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ending.complete(new Ending(-1, null, error));
        }
    }
}
