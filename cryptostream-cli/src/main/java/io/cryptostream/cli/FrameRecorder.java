package io.cryptostream.cli;

import io.cryptostream.domain.Market;
import io.cryptostream.exchange.TradeHistory;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.ingest.ServerReaction;
import io.cryptostream.ingest.VenueProtocol;
import org.apache.pekko.http.javadsl.model.ws.WebSocketRequest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes every frame ingest receives, as {@code <receive unix ns> <frame>} lines (gzip when the file ends in
 * .gz), by standing between the session and the venue's codec: the session hands each frame to the codec with
 * its receive time, so nothing it reads escapes the file.
 */
final class FrameRecorder implements AutoCloseable {

    private final Path file;
    private final BufferedWriter out;
    private final AtomicLong frames = new AtomicLong();

    FrameRecorder(Path file) {
        this.file = file;
        this.out = CaptureFiles.write(file);
    }

    /** {@code protocol}, with every frame its codec sees written to the file first. */
    VenueProtocol recording(VenueProtocol protocol) {
        ExchangeCodec codec = protocol.codec();
        ExchangeCodec recordingCodec = (frame, receivedAt) -> {
            write(frame, receivedAt);
            return codec.decode(frame, receivedAt);
        };
        return new RecordingProtocol(protocol, recordingCodec);
    }

    long frames() {
        return frames.get();
    }

    Path file() {
        return file;
    }

    private synchronized void write(String frame, Instant receivedAt) {
        try {
            long nanos = Math.addExact(Math.multiplyExact(receivedAt.getEpochSecond(), 1_000_000_000L), receivedAt.getNano());
            // A frame is one line in the file; a raw newline inside it (legal in JSON whitespace) would split it.
            out.write(nanos + " " + frame.replace("\r", "").replace('\n', ' '));
            out.newLine();
            frames.incrementAndGet();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot finish " + file + ": " + e.getMessage(), e);
        }
    }

    /** The venue's protocol with the recording codec; everything else, hooks included, is the venue's own. */
    private record RecordingProtocol(VenueProtocol delegate, ExchangeCodec codec) implements VenueProtocol {
        @Override
        public String venue() {
            return delegate.venue();
        }

        @Override
        public WebSocketRequest handshake() {
            return delegate.handshake();
        }

        @Override
        public String urlForLogs() {
            return delegate.urlForLogs();
        }

        @Override
        public boolean subscribesAfterWelcome() {
            return delegate.subscribesAfterWelcome();
        }

        @Override
        public List<String> subscribeFrames() {
            return delegate.subscribeFrames();
        }

        @Override
        public List<String> unsubscribeFrames() {
            return delegate.unsubscribeFrames();
        }

        @Override
        public int expectedUnsubscribeAcks() {
            return delegate.expectedUnsubscribeAcks();
        }

        @Override
        public ServerReaction onRejected(FeedEvent.Rejected rejected) {
            return delegate.onRejected(rejected);
        }

        @Override
        public ServerReaction onUpgradeRefused(int status, String reason) {
            return delegate.onUpgradeRefused(status, reason);
        }

        @Override
        public Optional<Market> marketOf(String malformedFrame) {
            return delegate.marketOf(malformedFrame);
        }

        @Override
        public String redact(String text) {
            return delegate.redact(text);
        }

        @Override
        public Optional<ClientPing> clientPing() {
            return delegate.clientPing();
        }

        @Override
        public Optional<Duration> maxConnectionAge() {
            return delegate.maxConnectionAge();
        }

        @Override
        public boolean sequentialTradeIds() {
            return delegate.sequentialTradeIds();
        }

        @Override
        public TradeHistory history() {
            return delegate.history();
        }

        @Override
        public Duration minReconnectSpacing() {
            return delegate.minReconnectSpacing();
        }
    }
}
