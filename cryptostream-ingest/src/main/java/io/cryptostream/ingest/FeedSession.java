package io.cryptostream.ingest;

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

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One WebSocket session with a venue as a stream stage: text frames in, trades (through the run's {@link TradeIntake}),
 * trades set aside and order events out. The
 * {@link SessionStateMachine} decides; this stage carries frames, timers and stop requests to it and its effects back
 * to the socket and the stream. Reconnecting is the caller's business: the stage completes when the session is over
 * (after {@link SessionListener#sessionEnded}) and fails only when the run must end (e.g. the key was refused).
 */
final class FeedSession extends GraphStage<FlowShape<String, FeedItem>> {

    private static final Logger log = LoggerFactory.getLogger(FeedSession.class);

    private final Inlet<String> in = Inlet.create("FeedSession.frames");
    private final Outlet<FeedItem> out = Outlet.create("FeedSession.items");
    private final FlowShape<String, FeedItem> shape = FlowShape.of(in, out);

    private final VenueProtocol protocol;
    private final IngestSettings settings;
    private final IngestMetrics metrics;
    private final BoundedSourceQueue<Message> outgoing;
    private final CompletionStage<WebSocketUpgradeResponse> upgrade;
    private final SessionListener listener;
    private final TradeIntake intake;

    FeedSession(VenueProtocol protocol, IngestSettings settings, IngestMetrics metrics,
                BoundedSourceQueue<Message> outgoing, CompletionStage<WebSocketUpgradeResponse> upgrade,
                SessionListener listener, TradeIntake intake) {
        this.protocol = protocol;
        this.settings = settings;
        this.metrics = metrics;
        this.outgoing = outgoing;
        this.upgrade = upgrade;
        this.listener = listener;
        this.intake = intake;
    }

    @Override
    public FlowShape<String, FeedItem> shape() {
        return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes inheritedAttributes) {
        return new Logic();
    }

    private final class Logic extends TimerGraphStageLogic implements SessionStateMachine.Effects {
        private final ArrayDeque<FeedItem> pending = new ArrayDeque<>();
        private final SessionStateMachine machine =
                new SessionStateMachine(protocol, settings, metrics, this, Clock.systemUTC());
        private long awaitingFrameSince;

        Logic() {
            super(shape);
            setHandler(in, new AbstractInHandler() {
                @Override
                public void onPush() {
                    machine.onFrame(grab(in));
                    if (!machine.ended()) {
                        pushPending();
                    }
                }

                @Override
                public void onUpstreamFinish() {
                    machine.onSocketClosed(null, refusedUpgrade());
                }

                @Override
                public void onUpstreamFailure(Throwable cause) {
                    machine.onSocketClosed(cause, refusedUpgrade());
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
            AsyncCallback<Done> stop = createAsyncCallback(done -> machine.onStopRequested());
            listener.sessionStarted(() -> stop.invoke(Done.getInstance()));
            machine.start();
            pullFrame();
        }

        @Override
        public void postStop() {
            closeSocket();
        }

        private void onUpgrade(WebSocketUpgradeResponse response) {
            if (response.isValid()) {
                machine.onUpgraded();
            } else {
                machine.onUpgradeRefused(refusal(response));
            }
        }

        /** A connection that could not be opened fails the upgrade too: getNow would rethrow that failure. */
        private Optional<SessionStateMachine.UpgradeRefusal> refusedUpgrade() {
            CompletableFuture<WebSocketUpgradeResponse> upgraded = upgrade.toCompletableFuture();
            WebSocketUpgradeResponse response = upgraded.isCompletedExceptionally() ? null : upgraded.getNow(null);
            return response == null || response.isValid() ? Optional.empty() : Optional.of(refusal(response));
        }

        private SessionStateMachine.UpgradeRefusal refusal(WebSocketUpgradeResponse response) {
            return new SessionStateMachine.UpgradeRefusal(response.response().status().intValue(),
                    response.response().status().reason());
        }

        @Override
        public void onTimer(Object key) {
            boolean waiting = hasBeenPulled(in) && !isClosed(in);
            machine.onTimer((SessionStateMachine.Timer) key, waiting
                    ? Optional.of(Duration.ofNanos(System.nanoTime() - awaitingFrameSince)) : Optional.empty());
        }

        @Override
        public void send(List<String> frames) {
            for (String frame : frames) {
                QueueOfferResult result = outgoing.offer(TextMessage.create(frame));
                if (result != QueueOfferResult.enqueued()) {
                    log.warn("Could not send a frame to {}: {}", protocol.venue(), result);
                }
            }
        }

        /** Trades pass the intake here, so that checking, dedupe and counting cost no stage of their own. */
        @Override
        public void emit(FeedItem item) {
            FeedItem admitted = item instanceof FeedItem.TradeItem trade ? intake.admit(trade.trade())
                    : item instanceof FeedItem.ExcludedItem excluded ? intake.exclude(excluded.excluded()) : item;
            if (admitted != null) {
                pending.add(admitted);
            }
        }

        @Override
        public void startTimer(SessionStateMachine.Timer timer, Duration delay) {
            scheduleOnce(timer, delay);
        }

        @Override
        public void startPeriodicTimer(SessionStateMachine.Timer timer, Duration interval) {
            scheduleWithFixedDelay(timer, interval, interval);
        }

        @Override
        public void stopTimer(SessionStateMachine.Timer timer) {
            cancelTimer(timer);
        }

        @Override
        public void closeSocket() {
            if (!outgoing.isCompleted()) {
                outgoing.complete();
            }
        }

        /** Closes the socket and completes once the trades already read are pushed. */
        @Override
        public void ended(SessionEnd end) {
            listener.sessionEnded(end);
            closeSocket();
            if (!isClosed(in)) {
                cancel(in);
            }
            pushPending();
        }

        @Override
        public void failed(Throwable error) {
            closeSocket();
            failStage(error);
        }

        private void pushPending() {
            if (!pending.isEmpty() && isAvailable(out)) {
                push(out, pending.poll());
            }
            if (pending.isEmpty()) {
                if (machine.ended()) {
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
    }
}
