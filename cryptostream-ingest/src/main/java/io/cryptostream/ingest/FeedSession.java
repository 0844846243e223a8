package io.cryptostream.ingest;

import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.Trade;
import io.cryptostream.feed.FeedEvent;
import org.apache.pekko.Done;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgradeResponse;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One WebSocket session with a venue: text frames in, trades and order events out. It subscribes once the venue is
 * ready, keeps heartbeats and other control frames to itself, sends the venue's client pings, watches for silence,
 * obeys the venue's refusals and reconnect requests, closes the connection before the venue's maximum age and, when
 * asked to stop, unsubscribes and closes the socket before completing. Reconnecting is the caller's business: the
 * stage completes when the session is over (after {@link SessionListener#sessionEnded}) and fails only when the run
 * must end (e.g. the key was refused).
 *
 * <p>Staleness is measured only while the stage waits for a frame it asked for: when the sink backpressures, the
 * socket is not read and silence means nothing. Client pings are outgoing traffic only: the frames they prompt keep
 * the session fresh, sending them does not.
 */
final class FeedSession extends GraphStage<FlowShape<String, FeedItem>> {

    private static final Logger log = LoggerFactory.getLogger(FeedSession.class);
    private static final Duration MALFORMED_LOG_INTERVAL = Duration.ofSeconds(10);
    private static final int MALFORMED_EXCERPT = 200;
    private static final String LIVENESS_TIMER = "liveness";
    private static final String UNSUBSCRIBE_TIMER = "unsubscribe-grace";
    private static final String CLOSE_TIMER = "close-grace";
    private static final String PING_TIMER = "client-ping";
    private static final String MAX_AGE_TIMER = "max-age";
    /** A cycle happens this share of the venue's maximum age early, at most {@link #MAX_CYCLE_MARGIN} early. */
    private static final int CYCLE_MARGIN_DIVISOR = 10;
    private static final Duration MAX_CYCLE_MARGIN = Duration.ofMinutes(1);

    private final Inlet<String> in = Inlet.create("FeedSession.frames");
    private final Outlet<FeedItem> out = Outlet.create("FeedSession.items");
    private final FlowShape<String, FeedItem> shape = FlowShape.of(in, out);

    private final VenueProtocol protocol;
    private final IngestSettings settings;
    private final IngestMetrics metrics;
    private final BoundedSourceQueue<Message> outgoing;
    private final CompletionStage<WebSocketUpgradeResponse> upgrade;
    private final SessionListener listener;

    FeedSession(VenueProtocol protocol, IngestSettings settings, IngestMetrics metrics,
                BoundedSourceQueue<Message> outgoing, CompletionStage<WebSocketUpgradeResponse> upgrade,
                SessionListener listener) {
        this.protocol = protocol;
        this.settings = settings;
        this.metrics = metrics;
        this.outgoing = outgoing;
        this.upgrade = upgrade;
        this.listener = listener;
    }

    @Override
    public FlowShape<String, FeedItem> shape() {
        return shape;
    }

    /** When to cycle a connection the venue ends at {@code maxAge}: a tenth early, at most a minute early. */
    static Duration cycleAfter(Duration maxAge) {
        Duration margin = maxAge.dividedBy(CYCLE_MARGIN_DIVISOR);
        return maxAge.minus(margin.compareTo(MAX_CYCLE_MARGIN) > 0 ? MAX_CYCLE_MARGIN : margin);
    }

    private enum State { CONNECTING, OPEN, SUBSCRIBED, UNSUBSCRIBING, CLOSING, ENDED }

    @Override
    public GraphStageLogic createLogic(Attributes inheritedAttributes) {
        return new TimerGraphStageLogic(shape) {
            private final ArrayDeque<FeedItem> pending = new ArrayDeque<>();
            private final long staleAfterNanos = settings.staleAfter().toNanos();
            private State state = State.CONNECTING;
            private boolean stopRequested;
            private Instant connectedAt;
            private Instant openedAt;
            private long awaitingFrameSince;
            private int unsubscribeAcks;
            private long malformedNotLogged;
            private long malformedLoggedAt = Long.MIN_VALUE;

            {
                setHandler(in, new AbstractInHandler() {
                    @Override
                    public void onPush() {
                        onFrame(grab(in));
                    }

                    @Override
                    public void onUpstreamFinish() {
                        onSocketClosed(null);
                    }

                    @Override
                    public void onUpstreamFailure(Throwable cause) {
                        onSocketClosed(cause);
                    }
                });
                setHandler(out, new AbstractOutHandler() {
                    @Override
                    public void onPull() {
                        pushPending();
                    }
                });
            }

            @Override
            public void preStart() {
                AsyncCallback<WebSocketUpgradeResponse> upgraded = createAsyncCallback(this::onUpgrade);
                upgrade.thenAccept(upgraded::invoke);
                AsyncCallback<Done> stop = createAsyncCallback(done -> onStopRequested());
                listener.sessionStarted(() -> stop.invoke(Done.getInstance()));
                Duration check = Duration.ofNanos(Math.max(Duration.ofMillis(10).toNanos(), staleAfterNanos / 4));
                scheduleWithFixedDelay(LIVENESS_TIMER, check, check);
                pullFrame();
            }

            @Override
            public void postStop() {
                closeSocket();
            }

            private void onUpgrade(WebSocketUpgradeResponse response) {
                if (state != State.CONNECTING) {
                    return;
                }
                if (!response.isValid()) {
                    react(refusedUpgrade(response));
                    return;
                }
                opened();
            }

            private void opened() {
                state = State.OPEN;
                openedAt = Instant.now();
                // The venue counts a connection's age from the upgrade, not from its welcome.
                protocol.maxConnectionAge().ifPresent(age -> scheduleOnce(MAX_AGE_TIMER, cycleAfter(age)));
                if (!protocol.subscribesAfterWelcome()) {
                    accepted();
                }
            }

            private void onFrame(String frame) {
                metrics.frame();
                if (state == State.CONNECTING) {
                    // Frames flow only after a successful upgrade, and may overtake its callback.
                    opened();
                }
                FeedEvent event = decode(frame);
                if (event instanceof FeedEvent.Trades trades) {
                    for (Trade trade : trades.trades()) {
                        metrics.tradeFrame(trade.market());
                        pending.add(new FeedItem.TradeItem(trade));
                    }
                } else if (event instanceof FeedEvent.Orders orders) {
                    for (OrderEvent order : orders.orders()) {
                        pending.add(new FeedItem.OrderItem(order));
                    }
                } else if (event instanceof FeedEvent.Welcome) {
                    if (state == State.OPEN && protocol.subscribesAfterWelcome()) {
                        accepted();
                    }
                } else if (event instanceof FeedEvent.Heartbeat) {
                    metrics.heartbeat();
                } else if (event instanceof FeedEvent.Subscribed) {
                    metrics.subscriptionConfirmed();
                } else if (event instanceof FeedEvent.LoadComplete loaded) {
                    log.info("{} loaded the subscriptions: {}", protocol.venue(), protocol.redact(loaded.detail()));
                } else if (event instanceof FeedEvent.Unsubscribed unsubscribed) {
                    onUnsubscribed(unsubscribed);
                } else if (event instanceof FeedEvent.ReconnectRequested requested) {
                    onReconnectRequested(requested);
                } else if (event instanceof FeedEvent.Rejected rejected) {
                    metrics.rejected(rejected.code() + " " + rejected.reason());
                    react(protocol.onRejected(rejected));
                } else if (event instanceof FeedEvent.Unhandled unhandled) {
                    if (metrics.unhandled(unhandled.type())) {
                        log.info("Ignoring {} messages of type {} (counted in the metrics; logged once)",
                                protocol.venue(), unhandled.type());
                    }
                } else if (event instanceof FeedEvent.Malformed malformed) {
                    metrics.malformed(protocol.marketOf(frame));
                    logMalformed(malformed);
                }
                if (state != State.ENDED) {
                    pushPending();
                }
            }

            /** Codecs promise not to throw; one frame that breaks that promise must not end the session. */
            private FeedEvent decode(String frame) {
                try {
                    return protocol.codec().decode(frame, Instant.now());
                } catch (RuntimeException e) {
                    return new FeedEvent.Malformed("the codec failed: " + e, frame);
                }
            }

            /** The venue is ready: subscribe. */
            private void accepted() {
                connectedAt = Instant.now();
                metrics.connected();
                if (stopRequested) {
                    end(SessionEnd.Reason.STOPPED, "stopped", Duration.ZERO);
                    return;
                }
                log.info("Connected to {} at {}; subscribing to {} markets", protocol.venue(), protocol.urlForLogs(),
                        settings.markets().size());
                send(protocol.subscribeFrames());
                state = State.SUBSCRIBED;
                protocol.clientPing().ifPresent(ping -> scheduleWithFixedDelay(PING_TIMER, ping.interval(),
                        ping.interval()));
            }

            private void onReconnectRequested(FeedEvent.ReconnectRequested requested) {
                if (state == State.UNSUBSCRIBING || state == State.CLOSING) {
                    // Stopping anyway; the stop path ends the session.
                    return;
                }
                metrics.reconnectRequested();
                String detail = requested.detail() == null ? "" : protocol.redact(requested.detail());
                log.info("{} asked to reconnect{}; reconnecting now", protocol.venue(),
                        detail.isBlank() ? "" : " (" + detail + ")");
                end(SessionEnd.Reason.RECONNECT_REQUESTED, "the venue asked to reconnect", Duration.ZERO);
            }

            /** Closes the connection a little before the venue would, so that the loop replaces it at once. */
            private void cycle() {
                if (state != State.OPEN && state != State.SUBSCRIBED) {
                    return;
                }
                metrics.cycle();
                Duration age = Duration.between(openedAt, Instant.now());
                String what = "planned cycle after " + Durations.format(age) + " (the venue ends connections at "
                        + Durations.format(protocol.maxConnectionAge().orElseThrow()) + ")";
                log.info("{} at {}: {}; reconnecting", protocol.venue(), protocol.urlForLogs(), what);
                end(SessionEnd.Reason.CYCLED, what, Duration.ZERO);
            }

            private void sendPing() {
                if (state != State.SUBSCRIBED && state != State.UNSUBSCRIBING) {
                    return;
                }
                protocol.clientPing().ifPresent(ping -> {
                    send(List.of(ping.frame()));
                    metrics.pingSent();
                });
            }

            private void onStopRequested() {
                stopRequested = true;
                switch (state) {
                    case SUBSCRIBED -> {
                        state = State.UNSUBSCRIBING;
                        send(protocol.unsubscribeFrames());
                        scheduleOnce(UNSUBSCRIBE_TIMER, settings.stopGracePeriod());
                    }
                    case CONNECTING, OPEN -> end(SessionEnd.Reason.STOPPED, "stopped", Duration.ZERO);
                    default -> { }
                }
            }

            private void onUnsubscribed(FeedEvent.Unsubscribed unsubscribed) {
                if (!"*".equals(unsubscribed.channel())) {
                    metrics.unsubscriptionConfirmed();
                }
                if (state != State.UNSUBSCRIBING) {
                    return;
                }
                unsubscribeAcks++;
                if ("*".equals(unsubscribed.channel()) || unsubscribeAcks >= protocol.expectedUnsubscribeAcks()) {
                    startClosing();
                }
            }

            /** Sends the close frame and waits a little for the server's, so that the socket ends cleanly. */
            private void startClosing() {
                cancelTimer(UNSUBSCRIBE_TIMER);
                cancelTimer(PING_TIMER);
                cancelTimer(MAX_AGE_TIMER);
                state = State.CLOSING;
                closeSocket();
                scheduleOnce(CLOSE_TIMER, settings.stopGracePeriod());
            }

            @Override
            public void onTimer(Object key) {
                if (LIVENESS_TIMER.equals(key)) {
                    checkLiveness();
                } else if (UNSUBSCRIBE_TIMER.equals(key)) {
                    log.info("{} did not acknowledge the unsubscribe within {}; closing the socket",
                            protocol.venue(), Durations.format(settings.stopGracePeriod()));
                    startClosing();
                } else if (CLOSE_TIMER.equals(key)) {
                    end(SessionEnd.Reason.STOPPED, "stopped", Duration.ZERO);
                } else if (PING_TIMER.equals(key)) {
                    sendPing();
                } else if (MAX_AGE_TIMER.equals(key)) {
                    cycle();
                }
            }

            private void checkLiveness() {
                if (state == State.ENDED || state == State.CLOSING || !hasBeenPulled(in) || isClosed(in)) {
                    return;
                }
                if (System.nanoTime() - awaitingFrameSince > staleAfterNanos) {
                    metrics.stale();
                    String what = "no frame for " + Durations.format(settings.staleAfter()) + " ("
                            + settings.missedHeartbeats() + " heartbeat intervals of "
                            + Durations.format(settings.heartbeatInterval()) + ")";
                    log.warn("{} at {}: {}; the socket is stale, reconnecting", protocol.venue(),
                            protocol.urlForLogs(), what);
                    end(SessionEnd.Reason.STALE, what, Duration.ZERO);
                }
            }

            private void onSocketClosed(Throwable cause) {
                if (state == State.ENDED) {
                    return;
                }
                if (state == State.UNSUBSCRIBING || state == State.CLOSING) {
                    end(SessionEnd.Reason.STOPPED, "stopped", Duration.ZERO);
                    return;
                }
                // A refused upgrade also ends the incoming stream; its status says more than the stream does. A
                // connection that could not be opened fails the upgrade too: getNow would rethrow that failure.
                CompletableFuture<WebSocketUpgradeResponse> upgraded = upgrade.toCompletableFuture();
                WebSocketUpgradeResponse response = upgraded.isCompletedExceptionally() ? null : upgraded.getNow(null);
                if (response != null && !response.isValid()) {
                    react(refusedUpgrade(response));
                    return;
                }
                if (cause == null) {
                    log.warn("{} at {} closed the connection", protocol.venue(), protocol.urlForLogs());
                    end(SessionEnd.Reason.CLOSED_BY_SERVER, "the server closed the connection", Duration.ZERO);
                } else {
                    String what = protocol.redact(String.valueOf(cause.getMessage()));
                    log.warn("Connection to {} at {} failed: {}", protocol.venue(), protocol.urlForLogs(), what);
                    end(SessionEnd.Reason.FAILED, what, Duration.ZERO);
                }
            }

            private ServerReaction refusedUpgrade(WebSocketUpgradeResponse response) {
                int status = response.response().status().intValue();
                metrics.rejected("HTTP " + status);
                return protocol.onUpgradeRefused(status, response.response().status().reason());
            }

            private void react(ServerReaction reaction) {
                if (reaction instanceof ServerReaction.Continue c) {
                    log.warn(c.logMessage());
                } else if (reaction instanceof ServerReaction.Reconnect r) {
                    log.warn(r.logMessage());
                    end(SessionEnd.Reason.REFUSED, r.logMessage(), r.atLeast());
                } else if (reaction instanceof ServerReaction.Fail f) {
                    state = State.ENDED;
                    closeSocket();
                    failStage(f.error());
                }
            }

            /** Closes the socket and completes once the trades already read are pushed. */
            private void end(SessionEnd.Reason reason, String detail, Duration holdOff) {
                if (state == State.ENDED) {
                    return;
                }
                state = State.ENDED;
                cancelTimer(LIVENESS_TIMER);
                cancelTimer(UNSUBSCRIBE_TIMER);
                cancelTimer(CLOSE_TIMER);
                cancelTimer(PING_TIMER);
                cancelTimer(MAX_AGE_TIMER);
                listener.sessionEnded(new SessionEnd(reason, detail, connectedAt, Instant.now(), holdOff));
                closeSocket();
                if (!isClosed(in)) {
                    cancel(in);
                }
                pushPending();
            }

            private void pushPending() {
                if (!pending.isEmpty() && isAvailable(out)) {
                    push(out, pending.poll());
                }
                if (pending.isEmpty()) {
                    if (state == State.ENDED) {
                        completeStage();
                    } else if (!hasBeenPulled(in) && !isClosed(in)) {
                        pullFrame();
                    }
                }
            }

            private void pullFrame() {
                awaitingFrameSince = System.nanoTime();
                pull(in);
            }

            private void send(List<String> frames) {
                for (String frame : frames) {
                    QueueOfferResult result = outgoing.offer(TextMessage.create(frame));
                    if (result != QueueOfferResult.enqueued()) {
                        log.warn("Could not send a frame to {}: {}", protocol.venue(), result);
                    }
                }
            }

            private void closeSocket() {
                if (!outgoing.isCompleted()) {
                    outgoing.complete();
                }
            }

            private void logMalformed(FeedEvent.Malformed malformed) {
                long now = System.nanoTime();
                if (malformedLoggedAt != Long.MIN_VALUE && now - malformedLoggedAt < MALFORMED_LOG_INTERVAL.toNanos()) {
                    malformedNotLogged++;
                    return;
                }
                String frame = malformed.frame() == null ? "" : malformed.frame();
                String excerpt = frame.length() > MALFORMED_EXCERPT ? frame.substring(0, MALFORMED_EXCERPT) + "…" : frame;
                String reason = malformed.reason() == null ? "" : malformed.reason().lines().findFirst().orElse("");
                log.warn("Skipping a malformed {} frame ({}){}: {}", protocol.venue(), protocol.redact(reason),
                        malformedNotLogged == 0 ? "" : "; " + malformedNotLogged + " more since the last report",
                        protocol.redact(excerpt));
                malformedLoggedAt = now;
                malformedNotLogged = 0;
            }
        };
    }
}
