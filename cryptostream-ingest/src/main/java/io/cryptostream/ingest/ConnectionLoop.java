package io.cryptostream.ingest;

import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgradeResponse;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The trades and order events of one venue across any number of WebSocket sessions: one session at a time, the next
 * one after the wait {@link ReconnectBackoff} decides (planned reconnects wait only for the venue's spacing rules),
 * until a stop is requested or a session fails the run.
 */
final class ConnectionLoop implements SessionListener {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLoop.class);
    /**
     * Room for control frames (client pings) beyond the subscribe or unsubscribe frames, which a venue with one
     * channel per message sends by the dozen at once; trades never travel this way.
     */
    private static final int CONTROL_FRAME_BUFFER = 16;
    private static final long STRICT_TEXT_TIMEOUT_MILLIS = 5_000;
    /** Stands for a binary frame, which no supported venue sends; the codec reports it as malformed. */
    private static final String BINARY_FRAME = "<binary frame>";

    private final ActorSystem system;
    private final VenueProtocol protocol;
    private final IngestSettings settings;
    private final IngestMetrics metrics;
    private final ReconnectBackoff backoff;
    private final TradeIntake intake;

    private volatile boolean stopRequested;
    /** Read and written by the stream's flatMapConcat only, one session at a time. */
    private boolean firstAttempt = true;
    // Guarded by this: sessions, the scheduler and stop() touch them from different threads.
    private SessionEnd lastEnd;
    private Runnable stopCurrentSession;
    private CompletableFuture<Boolean> currentWait;
    private Instant attemptStartedAt;
    /** Start of the first of the attempts that failed in a row without the venue welcoming one; null if none. */
    private Instant failingSince;
    private int failedAttempts;

    ConnectionLoop(ActorSystem system, VenueProtocol protocol, IngestSettings settings, IngestMetrics metrics,
                   ReconnectBackoff backoff, TradeIntake intake) {
        this.system = system;
        this.protocol = protocol;
        this.settings = settings;
        this.metrics = metrics;
        this.backoff = backoff;
        this.intake = intake;
    }

    /**
     * Trades (admitted by the intake: checked, without replayed duplicates), trades set aside and order events, as the
     * venue sends them; completes after {@link #stop()}.
     */
    Source<FeedItem, NotUsed> items() {
        return Source.repeat(NotUsed.getInstance())
                .takeWhile(tick -> !stopRequested)
                .flatMapConcat(tick -> nextSession());
    }

    /** Ends the current session cleanly (unsubscribe, close) and connects no more. */
    void stop() {
        stopRequested = true;
        synchronized (this) {
            if (currentWait != null) {
                currentWait.complete(true);
            }
            if (stopCurrentSession != null) {
                stopCurrentSession.run();
            }
        }
    }

    @Override
    public synchronized void sessionStarted(Runnable stop) {
        stopCurrentSession = stop;
        if (stopRequested) {
            stop.run();
        }
    }

    @Override
    public synchronized void sessionEnded(SessionEnd end) {
        lastEnd = end;
        stopCurrentSession = null;
        metrics.sessionEnded(end.reason());
        if (end.connectedAt() != null) {
            failingSince = null;
            failedAttempts = 0;
        } else if (end.reason() != SessionEnd.Reason.STOPPED) {
            if (failingSince == null) {
                failingSince = attemptStartedAt;
            }
            failedAttempts++;
        }
        backoff.connectionEnded(end.upFor());
        if (!end.holdOff().isZero()) {
            backoff.holdOff(end.endedAt(), end.holdOff());
        }
    }

    private Source<FeedItem, NotUsed> nextSession() {
        if (firstAttempt) {
            firstAttempt = false;
            return session();
        }
        Duration delay;
        SessionEnd previous;
        synchronized (this) {
            previous = lastEnd;
            Instant now = Instant.now();
            delay = previous != null && previous.reason().planned()
                    ? backoff.plannedDelay(now) : backoff.nextDelay(now);
            if (failingSince != null
                    && Duration.between(failingSince, now.plus(delay)).compareTo(settings.reconnectBudget()) > 0) {
                return Source.failed(outOfBudget(previous));
            }
        }
        if (previous != null && previous.reason() != SessionEnd.Reason.STOPPED) {
            log.info("Reconnecting to {} at {} in {} (last session: {})", protocol.venue(), protocol.urlForLogs(),
                    Durations.format(delay), previous.detail());
        }
        CompletionStage<Source<FeedItem, NotUsed>> next =
                waitUnlessStopped(delay).thenApply(stopped -> stopped ? Source.<FeedItem>empty() : session());
        return Source.completionStageSource(next).mapMaterializedValue(ignored -> NotUsed.getInstance());
    }

    private IngestException outOfBudget(SessionEnd last) {
        String detail = last == null || last.detail() == null ? "" : last.detail().lines().findFirst().orElse("");
        return new IngestException(protocol.venue() + " at " + protocol.urlForLogs() + " refused every connection for "
                + Durations.format(settings.reconnectBudget()) + " (" + failedAttempts + " attempts; last: "
                + protocol.redact(detail) + "): is the URL right and the venue up? Wait longer with "
                + "cryptostream.ingest.reconnect-budget (--reconnect-budget)");
    }

    /** Completes with false after {@code delay}, or with true as soon as a stop is requested. */
    private synchronized CompletableFuture<Boolean> waitUnlessStopped(Duration delay) {
        CompletableFuture<Boolean> waited = new CompletableFuture<>();
        if (stopRequested) {
            waited.complete(true);
            return waited;
        }
        Cancellable timer = system.scheduler().scheduleOnce(delay, () -> waited.complete(false), system.dispatcher());
        waited.thenRun(timer::cancel);
        currentWait = waited;
        return waited;
    }

    /** One connection: upgrade, then the frames through a {@link FeedSession}. */
    private Source<FeedItem, NotUsed> session() {
        return Source.<FeedItem, NotUsed>fromMaterializer((materializer, attributes) -> {
            synchronized (this) {
                attemptStartedAt = Instant.now();
                backoff.attemptStarted(attemptStartedAt);
            }
            metrics.connectAttempt();
            intake.sessionStarted();
            metrics.connectionState(ConnectionState.CONNECTING);
            Pair<BoundedSourceQueue<Message>, Source<Message, NotUsed>> outgoing =
                    Source.<Message>queue(outgoingBuffer()).preMaterialize(materializer);
            CompletableFuture<WebSocketUpgradeResponse> upgrade = new CompletableFuture<>();
            return outgoing.second()
                    .viaMat(Http.get(system).webSocketClientFlow(protocol.handshake()), Keep.right())
                    .mapMaterializedValue(response -> {
                        response.whenComplete((r, e) -> {
                            if (e != null) {
                                upgrade.completeExceptionally(e);
                            } else {
                                upgrade.complete(r);
                            }
                        });
                        return NotUsed.getInstance();
                    })
                    .mapAsync(1, message -> text(message, materializer))
                    .via(new FeedSession(protocol, settings, metrics, outgoing.first(), upgrade, this, intake));
        }).mapMaterializedValue(ignored -> NotUsed.getInstance());
    }

    private int outgoingBuffer() {
        return CONTROL_FRAME_BUFFER + Math.max(protocol.subscribeFrames().size(), protocol.unsubscribeFrames().size());
    }

    private static CompletionStage<String> text(Message message, Materializer materializer) {
        if (!message.isText()) {
            // Unread streamed data would stall the socket.
            message.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), materializer);
            return CompletableFuture.completedFuture(BINARY_FRAME);
        }
        TextMessage text = message.asTextMessage();
        if (text.isStrict()) {
            return CompletableFuture.completedFuture(text.getStrictText());
        }
        return text.toStrict(STRICT_TEXT_TIMEOUT_MILLIS, materializer).thenApply(strict -> strict.text());
    }
}
