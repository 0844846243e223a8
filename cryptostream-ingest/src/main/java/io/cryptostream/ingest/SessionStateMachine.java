package io.cryptostream.ingest;

import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.Trade;
import io.cryptostream.feed.FeedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The moves of one WebSocket session with a venue, apart from the stream that carries it ({@link FeedSession}):
 * it subscribes once the venue is ready, keeps heartbeats and other control frames to itself, sends the venue's
 * client pings, ends a silent session, obeys the venue's refusals and reconnect requests, cycles the connection
 * before the venue's maximum age and, when asked to stop, unsubscribes and closes the socket before it ends.
 *
 * <pre>
 * CONNECTING ─upgraded─► OPEN ─ready─► SUBSCRIBED ─stop─► UNSUBSCRIBING ─acks or grace─► CLOSING
 * UNSUBSCRIBING, CLOSING ─socket closed─► ENDED; CLOSING ─grace─► ENDED (stopped)
 * CONNECTING, OPEN ─stop─► ENDED (stopped)
 * CONNECTING, OPEN, SUBSCRIBED ─socket closed, reconnect requested─► ENDED
 * OPEN, SUBSCRIBED ─max age─► ENDED (cycled)
 * any but CLOSING ─stale─► ENDED; any ─refused─► ENDED, or the run fails
 * </pre>
 *
 * <p>Not thread-safe: the stage calls it from its own callbacks only.
 */
final class SessionStateMachine {

    /** Under the session's name, where the logs of a session have always been. */
    private static final Logger log = LoggerFactory.getLogger(FeedSession.class);
    /** A cycle happens this share of the venue's maximum age early, at most {@link #MAX_CYCLE_MARGIN} early. */
    private static final int CYCLE_MARGIN_DIVISOR = 10;
    private static final Duration MAX_CYCLE_MARGIN = Duration.ofMinutes(1);
    private static final Duration FINEST_LIVENESS_CHECK = Duration.ofMillis(10);

    enum State { CONNECTING, OPEN, SUBSCRIBED, UNSUBSCRIBING, CLOSING, ENDED }

    enum Timer {
        /** Periodic: is the session waiting too long for a frame? */
        LIVENESS,
        /** Once: the venue did not acknowledge the unsubscribe in time. */
        UNSUBSCRIBE_GRACE,
        /** Once: the venue did not close the socket in time. */
        CLOSE_GRACE,
        /** Periodic: the venue's client ping is due. */
        CLIENT_PING,
        /** Once: the connection nears the venue's maximum age. */
        MAX_AGE
    }

    /** The venue answered the WebSocket upgrade with {@code status} instead of 101. */
    record UpgradeRefusal(int status, String reason) {
    }

    /** What the machine asks of the stream that carries the session. */
    interface Effects {
        void send(List<String> frames);

        void emit(FeedItem item);

        void startTimer(Timer timer, Duration delay);

        void startPeriodicTimer(Timer timer, Duration interval);

        void stopTimer(Timer timer);

        /** Completes the outgoing side; the venue is expected to close the socket in turn. */
        void closeSocket();

        /** The session is over: close the socket, stop reading and complete once the emitted items are pushed. */
        void ended(SessionEnd end);

        /** The run must end: close the socket and fail with {@code error}. */
        void failed(Throwable error);
    }

    private final VenueProtocol protocol;
    private final IngestSettings settings;
    private final IngestMetrics metrics;
    private final Effects effects;
    private final Clock clock;
    private final MalformedFrameLog malformedLog;
    private State state = State.CONNECTING;
    private Instant connectedAt;
    private Instant openedAt;
    private int unsubscribeAcks;

    SessionStateMachine(VenueProtocol protocol, IngestSettings settings, IngestMetrics metrics, Effects effects,
                        Clock clock) {
        this.protocol = protocol;
        this.settings = settings;
        this.metrics = metrics;
        this.effects = effects;
        this.clock = clock;
        this.malformedLog = new MalformedFrameLog(protocol);
    }

    State state() {
        return state;
    }

    boolean ended() {
        return state == State.ENDED;
    }

    /** When to cycle a connection the venue ends at {@code maxAge}: a tenth early, at most a minute early. */
    static Duration cycleAfter(Duration maxAge) {
        Duration margin = maxAge.dividedBy(CYCLE_MARGIN_DIVISOR);
        return maxAge.minus(margin.compareTo(MAX_CYCLE_MARGIN) > 0 ? MAX_CYCLE_MARGIN : margin);
    }

    /** The session starts: watch for silence, at a quarter of the stale interval. */
    void start() {
        Duration quarter = settings.staleAfter().dividedBy(4);
        Duration check = quarter.compareTo(FINEST_LIVENESS_CHECK) < 0 ? FINEST_LIVENESS_CHECK : quarter;
        effects.startPeriodicTimer(Timer.LIVENESS, check);
    }

    void onUpgraded() {
        if (state == State.CONNECTING) {
            opened();
        }
    }

    void onUpgradeRefused(UpgradeRefusal refusal) {
        if (state == State.CONNECTING) {
            react(refused(refusal));
        }
    }

    private void opened() {
        state = State.OPEN;
        openedAt = clock.instant();
        // The venue counts a connection's age from the upgrade, not from its welcome.
        protocol.maxConnectionAge().ifPresent(age -> effects.startTimer(Timer.MAX_AGE, cycleAfter(age)));
        if (!protocol.subscribesAfterWelcome()) {
            accepted();
        }
    }

    void onFrame(String frame) {
        metrics.frame();
        if (state == State.CONNECTING) {
            // Frames flow only after a successful upgrade, and may overtake its callback.
            opened();
        }
        FeedEvent event = decode(frame);
        if (event instanceof FeedEvent.Trades trades) {
            for (Trade trade : trades.trades()) {
                metrics.tradeFrame(trade.market());
                effects.emit(new FeedItem.TradeItem(trade));
            }
        } else if (event instanceof FeedEvent.ExcludedTrade excluded) {
            metrics.tradeFrame(excluded.market());
            effects.emit(new FeedItem.ExcludedItem(excluded));
        } else if (event instanceof FeedEvent.Orders orders) {
            for (OrderEvent order : orders.orders()) {
                effects.emit(new FeedItem.OrderItem(order));
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
            malformedLog.skipped(malformed);
        }
    }

    /** Codecs promise not to throw; one frame that breaks that promise must not end the session. */
    private FeedEvent decode(String frame) {
        try {
            return protocol.codec().decode(frame, clock.instant());
        } catch (RuntimeException e) {
            return new FeedEvent.Malformed("the codec failed: " + e, frame);
        }
    }

    /** The venue is ready: subscribe. */
    private void accepted() {
        connectedAt = clock.instant();
        metrics.connected();
        log.info("Connected to {} at {}; subscribing to {} markets", protocol.venue(), protocol.urlForLogs(),
                settings.markets().size());
        effects.send(protocol.subscribeFrames());
        state = State.SUBSCRIBED;
        metrics.connectionState(ConnectionState.SUBSCRIBED);
        protocol.clientPing().ifPresent(ping -> effects.startPeriodicTimer(Timer.CLIENT_PING, ping.interval()));
    }

    private void onReconnectRequested(FeedEvent.ReconnectRequested requested) {
        if (stopping()) {
            // Stopping anyway; the stop path ends the session.
            return;
        }
        metrics.reconnectRequested();
        String detail = requested.detail() == null ? "" : protocol.redact(requested.detail());
        log.info("{} asked to reconnect{}; reconnecting now", protocol.venue(),
                detail.isBlank() ? "" : " (" + detail + ")");
        end(SessionEnd.Reason.RECONNECT_REQUESTED, "the venue asked to reconnect", Duration.ZERO);
    }

    void onStopRequested() {
        switch (state) {
            case SUBSCRIBED -> {
                state = State.UNSUBSCRIBING;
                effects.send(protocol.unsubscribeFrames());
                effects.startTimer(Timer.UNSUBSCRIBE_GRACE, settings.stopGracePeriod());
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
        effects.stopTimer(Timer.UNSUBSCRIBE_GRACE);
        effects.stopTimer(Timer.CLIENT_PING);
        effects.stopTimer(Timer.MAX_AGE);
        state = State.CLOSING;
        effects.closeSocket();
        effects.startTimer(Timer.CLOSE_GRACE, settings.stopGracePeriod());
    }

    /**
     * A timer is due.
     *
     * @param waitingForFrame how long the stage has waited for a frame it asked for; empty while it does not wait
     *                        (the sink backpressures, so silence means nothing)
     */
    void onTimer(Timer timer, Optional<Duration> waitingForFrame) {
        switch (timer) {
            case LIVENESS -> waitingForFrame.ifPresent(this::checkLiveness);
            case UNSUBSCRIBE_GRACE -> {
                log.info("{} did not acknowledge the unsubscribe within {}; closing the socket",
                        protocol.venue(), Durations.format(settings.stopGracePeriod()));
                startClosing();
            }
            case CLOSE_GRACE -> end(SessionEnd.Reason.STOPPED, "stopped", Duration.ZERO);
            case CLIENT_PING -> sendPing();
            case MAX_AGE -> cycle();
        }
    }

    private void checkLiveness(Duration silence) {
        if (state == State.ENDED || state == State.CLOSING || silence.compareTo(settings.staleAfter()) <= 0) {
            return;
        }
        metrics.stale();
        String what = "no frame for " + Durations.format(settings.staleAfter()) + " ("
                + settings.missedHeartbeats() + " heartbeat intervals of "
                + Durations.format(settings.heartbeatInterval()) + ")";
        log.warn("{} at {}: {}; the socket is stale, reconnecting", protocol.venue(), protocol.urlForLogs(), what);
        end(SessionEnd.Reason.STALE, what, Duration.ZERO);
    }

    /** Client pings are outgoing traffic only: the frames they prompt keep the session fresh, sending them does not. */
    private void sendPing() {
        if (state != State.SUBSCRIBED && state != State.UNSUBSCRIBING) {
            return;
        }
        protocol.clientPing().ifPresent(ping -> {
            effects.send(List.of(ping.frame()));
            metrics.pingSent();
        });
    }

    /** Closes the connection a little before the venue would, so that the loop replaces it at once. */
    private void cycle() {
        if (state != State.OPEN && state != State.SUBSCRIBED) {
            return;
        }
        metrics.cycle();
        Duration age = Duration.between(openedAt, clock.instant());
        String what = "planned cycle after " + Durations.format(age) + " (the venue ends connections at "
                + Durations.format(protocol.maxConnectionAge().orElseThrow()) + ")";
        log.info("{} at {}: {}; reconnecting", protocol.venue(), protocol.urlForLogs(), what);
        end(SessionEnd.Reason.CYCLED, what, Duration.ZERO);
    }

    /**
     * The incoming stream ended.
     *
     * @param cause          its failure; null when it completed
     * @param refusedUpgrade the status and reason of a refused upgrade, which also ends the incoming stream and says
     *                       more than the stream does; empty when the upgrade succeeded or never answered
     */
    void onSocketClosed(Throwable cause, Optional<UpgradeRefusal> refusedUpgrade) {
        if (state == State.ENDED) {
            return;
        }
        if (stopping()) {
            end(SessionEnd.Reason.STOPPED, "stopped", Duration.ZERO);
            return;
        }
        if (refusedUpgrade.isPresent()) {
            react(refused(refusedUpgrade.get()));
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

    private boolean stopping() {
        return state == State.UNSUBSCRIBING || state == State.CLOSING;
    }

    private ServerReaction refused(UpgradeRefusal refusal) {
        metrics.rejected("HTTP " + refusal.status());
        return protocol.onUpgradeRefused(refusal.status(), refusal.reason());
    }

    private void react(ServerReaction reaction) {
        if (reaction instanceof ServerReaction.Continue c) {
            log.warn(c.logMessage());
        } else if (reaction instanceof ServerReaction.Reconnect r) {
            log.warn(r.logMessage());
            end(SessionEnd.Reason.REFUSED, r.logMessage(), r.atLeast());
        } else if (reaction instanceof ServerReaction.Fail f) {
            state = State.ENDED;
            effects.failed(f.error());
        }
    }

    private void end(SessionEnd.Reason reason, String detail, Duration holdOff) {
        if (state == State.ENDED) {
            return;
        }
        state = State.ENDED;
        for (Timer timer : Timer.values()) {
            effects.stopTimer(timer);
        }
        effects.ended(new SessionEnd(reason, detail, connectedAt, clock.instant(), holdOff));
    }
}
