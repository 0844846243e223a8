package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.OrderAction;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.OrderSide;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.ingest.SessionStateMachine.State;
import io.cryptostream.ingest.SessionStateMachine.Timer;
import io.cryptostream.ingest.SessionStateMachine.UpgradeRefusal;
import org.apache.pekko.http.javadsl.model.ws.WebSocketRequest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every move of {@link SessionStateMachine}, driven by hand: no socket, no stream, no clock but a fixed one. */
class SessionStateMachineTest {

    private static final Market BTC = new Market("Testex", "BTC", "USD");
    private static final Instant NOW = Instant.parse("2026-11-21T05:33:00Z");
    private static final Duration STALE_AFTER = Duration.ofSeconds(3);
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final Duration PING_INTERVAL = Duration.ofSeconds(5);
    private static final Duration MAX_AGE = Duration.ofSeconds(20);
    private static final Optional<Duration> NOT_WAITING = Optional.empty();

    private static final String WELCOME = "welcome";
    private static final String TRADE = "trade";
    private static final String EXCLUDED = "excluded";
    private static final String ORDER = "order";
    private static final String HEARTBEAT = "heartbeat";
    private static final String SUBSCRIBED = "subscribed";
    private static final String UNSUBSCRIBED = "unsubscribed";
    private static final String UNSUBSCRIBED_ALL = "unsubscribed *";
    private static final String RECONNECT = "reconnect";
    private static final String REJECTED = "rejected";
    private static final String TICKER = "ticker";
    private static final String BROKEN = "{\"broken";
    private static final Trade A_TRADE = Trade.of(BTC, TakerSide.BUY, new BigDecimal("61837.63"),
            new BigDecimal("0.02"), "7", NOW, NOW);
    private static final OrderEvent AN_ORDER = new OrderEvent("Testex", "BTC", "USD", OrderSide.SELL,
            OrderAction.CREATED, "9", new BigDecimal("61840"), new BigDecimal("1.5"), NOW, NOW);
    private static final Map<String, FeedEvent> EVENTS = Map.ofEntries(
            Map.entry(WELCOME, new FeedEvent.Welcome("hello")),
            Map.entry(TRADE, new FeedEvent.Trades(List.of(A_TRADE))),
            Map.entry(EXCLUDED, new FeedEvent.ExcludedTrade(BTC, "8", "ADL")),
            Map.entry(ORDER, new FeedEvent.Orders(List.of(AN_ORDER))),
            Map.entry(HEARTBEAT, new FeedEvent.Heartbeat(null)),
            Map.entry(SUBSCRIBED, new FeedEvent.Subscribed("BTC-USD")),
            Map.entry(UNSUBSCRIBED, new FeedEvent.Unsubscribed("BTC-USD", "")),
            Map.entry(UNSUBSCRIBED_ALL, new FeedEvent.Unsubscribed("*", "")),
            Map.entry(RECONNECT, new FeedEvent.ReconnectRequested("maintenance")),
            Map.entry(REJECTED, new FeedEvent.Rejected(429, "SLOW_DOWN", "too fast")),
            Map.entry(TICKER, new FeedEvent.Unhandled("ticker")),
            Map.entry(BROKEN, new FeedEvent.Malformed("unexpected end of input", BROKEN)));

    private final IngestSettings settings = IngestSettings.builder().markets(List.of(BTC))
            .heartbeatInterval(Duration.ofSeconds(1)).missedHeartbeats(3).stopGracePeriod(GRACE).build();
    private final IngestMetrics metrics = new IngestMetrics(settings.markets());
    private final RecordedEffects effects = new RecordedEffects();

    // ---- opening

    @Test
    void startsWatchingForSilenceAtAQuarterOfTheStaleInterval() {
        SessionStateMachine session = session(new Venue());
        session.start();

        assertThat(session.state()).isEqualTo(State.CONNECTING);
        assertThat(effects.periodic).containsExactly(Map.entry(Timer.LIVENESS, STALE_AFTER.dividedBy(4)));
    }

    @Test
    void aVenueWithoutGreetingIsSubscribedAsSoonAsTheUpgradeSucceeds() {
        SessionStateMachine session = session(new Venue().pinging().ageLimited());
        session.onUpgraded();

        assertThat(session.state()).isEqualTo(State.SUBSCRIBED);
        assertThat(effects.sent).containsExactly("subscribe");
        assertThat(metrics.snapshot().connections()).isEqualTo(1);
        assertThat(effects.periodic).containsEntry(Timer.CLIENT_PING, PING_INTERVAL);
        assertThat(effects.once).containsEntry(Timer.MAX_AGE, SessionStateMachine.cycleAfter(MAX_AGE));
    }

    @Test
    void aGreetingVenueIsOpenAfterTheUpgradeAndSubscribedAfterItsWelcome() {
        SessionStateMachine session = session(new Venue().greeting().ageLimited());
        session.onUpgraded();

        assertThat(session.state()).isEqualTo(State.OPEN);
        assertThat(effects.sent).isEmpty();
        assertThat(effects.once).as("the age counts from the upgrade").containsKey(Timer.MAX_AGE);
        assertThat(metrics.snapshot().connections()).isZero();

        assertThat(metrics.unsubscribedMarkets()).as("markets not subscribed while the venue has not welcomed us")
                .containsExactly(BTC);

        session.onFrame(WELCOME);
        assertThat(session.state()).isEqualTo(State.SUBSCRIBED);
        assertThat(effects.sent).containsExactly("subscribe");
        assertThat(metrics.snapshot().connections()).isEqualTo(1);
        assertThat(metrics.connectionState()).isEqualTo(ConnectionState.SUBSCRIBED);
        assertThat(metrics.unsubscribedMarkets()).isEmpty();
    }

    @Test
    void aFrameThatOvertakesTheUpgradeCallbackOpensTheSessionAndTheLateCallbackChangesNothing() {
        SessionStateMachine session = session(new Venue().greeting());
        session.onFrame(WELCOME);

        assertThat(session.state()).isEqualTo(State.SUBSCRIBED);
        session.onUpgraded();
        assertThat(session.state()).isEqualTo(State.SUBSCRIBED);
        assertThat(effects.sent).as("subscribed once").containsExactly("subscribe");
    }

    @Test
    void aWelcomeOnASubscribedSessionDoesNotSubscribeAgain() {
        SessionStateMachine session = subscribed(new Venue().greeting());
        session.onFrame(WELCOME);

        assertThat(effects.sent).containsExactly("subscribe");
        assertThat(metrics.snapshot().connections()).isEqualTo(1);
    }

    // ---- refusals

    @Test
    void aRefusedUpgradeTheVenueRetriesEndsTheSessionWithItsHoldOff() {
        SessionStateMachine session = session(new Venue());
        session.onUpgradeRefused(new UpgradeRefusal(429, "Too Many Requests"));

        assertThat(session.state()).isEqualTo(State.ENDED);
        assertThat(effects.end.reason()).isEqualTo(SessionEnd.Reason.REFUSED);
        assertThat(effects.end.detail()).isEqualTo("upgrade 429 Too Many Requests");
        assertThat(effects.end.holdOff()).isEqualTo(Duration.ofSeconds(7));
        assertThat(effects.end.connectedAt()).as("never accepted").isNull();
        assertThat(metrics.snapshot().rejectedByReason()).containsEntry("HTTP 429", 1L);
    }

    @Test
    void aRefusedUpgradeTheVenueShrugsOffLeavesTheSessionConnecting() {
        Venue venue = new Venue();
        venue.onUpgradeRefused = new ServerReaction.Continue("fine");
        SessionStateMachine session = session(venue);
        session.onUpgradeRefused(new UpgradeRefusal(503, "Service Unavailable"));

        assertThat(session.state()).isEqualTo(State.CONNECTING);
        assertThat(effects.end).isNull();
    }

    @Test
    void aRefusalThatMustEndTheRunFailsWithoutEndingTheSessionNormally() {
        Venue venue = new Venue();
        IngestException refused = new CredentialsRejectedException("the key was refused");
        venue.onUpgradeRefused = new ServerReaction.Fail(refused);
        SessionStateMachine session = session(venue);
        session.onUpgradeRefused(new UpgradeRefusal(401, "Unauthorized"));

        assertThat(session.state()).isEqualTo(State.ENDED);
        assertThat(effects.failure).isSameAs(refused);
        assertThat(effects.end).as("the listener hears of no session end").isNull();
    }

    @Test
    void aRefusalAfterTheUpgradeWasAnsweredChangesNothing() {
        SessionStateMachine session = subscribed(new Venue());
        session.onUpgradeRefused(new UpgradeRefusal(429, "Too Many Requests"));

        assertThat(session.state()).isEqualTo(State.SUBSCRIBED);
    }

    @Test
    void aRejectedFrameGoesByTheVenuesReaction() {
        Venue venue = new Venue();
        SessionStateMachine session = subscribed(venue);
        venue.onRejected = new ServerReaction.Continue("one bad subscription");
        session.onFrame(REJECTED);
        assertThat(session.state()).isEqualTo(State.SUBSCRIBED);

        venue.onRejected = new ServerReaction.Reconnect("slow down", Duration.ofSeconds(60));
        session.onFrame(REJECTED);
        assertThat(session.state()).isEqualTo(State.ENDED);
        assertThat(effects.end).extracting(SessionEnd::reason, SessionEnd::detail, SessionEnd::holdOff)
                .containsExactly(SessionEnd.Reason.REFUSED, "slow down", Duration.ofSeconds(60));
        assertThat(metrics.snapshot().rejectedByReason()).containsEntry("429 SLOW_DOWN", 2L);
    }

    // ---- while subscribed

    @Test
    void tradesAndOrdersAreEmittedAndControlFramesOnlyCounted() {
        SessionStateMachine session = subscribed(new Venue());
        for (String frame : List.of(TRADE, ORDER, HEARTBEAT, SUBSCRIBED, TICKER, TICKER, BROKEN, UNSUBSCRIBED)) {
            session.onFrame(frame);
        }

        assertThat(effects.emitted).containsExactly(new FeedItem.TradeItem(A_TRADE), new FeedItem.OrderItem(AN_ORDER));
        IngestMetricsSnapshot counted = metrics.snapshot();
        assertThat(counted.frames()).isEqualTo(8);
        assertThat(counted.markets().get(BTC).frames()).isEqualTo(1);
        assertThat(counted.heartbeats()).isEqualTo(1);
        assertThat(counted.subscriptionsConfirmed()).isEqualTo(1);
        assertThat(counted.unhandledByType()).containsEntry("ticker", 2L);
        assertThat(counted.malformed()).isEqualTo(1);
        assertThat(counted.markets().get(BTC).malformed()).as("the venue named its market").isEqualTo(1);
        assertThat(counted.unsubscriptionsConfirmed()).isEqualTo(1);
        assertThat(session.state()).as("an unsubscribe ack before a stop closes nothing").isEqualTo(State.SUBSCRIBED);
    }

    @Test
    void aPrintTheVenueLeavesOutOfCandlesGoesToTheIntakeAsATradeFrameOfItsMarket() {
        SessionStateMachine session = subscribed(new Venue());

        session.onFrame(EXCLUDED);

        assertThat(effects.emitted).containsExactly(new FeedItem.ExcludedItem(new FeedEvent.ExcludedTrade(BTC, "8", "ADL")));
        assertThat(metrics.snapshot().markets().get(BTC).frames()).isEqualTo(1);
        assertThat(session.state()).isEqualTo(State.SUBSCRIBED);
    }

    @Test
    void aCodecThatThrowsCountsAsAMalformedFrame() {
        Venue venue = new Venue();
        venue.codec = (frame, receivedAt) -> {
            throw new IllegalStateException("codec bug");
        };
        SessionStateMachine session = subscribed(venue);
        session.onFrame("anything");

        assertThat(session.state()).isEqualTo(State.SUBSCRIBED);
        assertThat(metrics.snapshot().malformed()).isEqualTo(1);
    }

    @Test
    void theClientPingIsSentWhileSubscribedOrUnsubscribing() {
        SessionStateMachine session = subscribed(new Venue().pinging());
        session.onTimer(Timer.CLIENT_PING, NOT_WAITING);
        session.onStopRequested();
        session.onTimer(Timer.CLIENT_PING, NOT_WAITING);

        assertThat(effects.sent).containsExactly("subscribe", "ping", "unsubscribe", "ping");
        assertThat(metrics.snapshot().pingsSent()).isEqualTo(2);
    }

    @Test
    void noClientPingBeforeTheWelcome() {
        SessionStateMachine session = session(new Venue().pinging().greeting());
        session.onUpgraded();
        session.onTimer(Timer.CLIENT_PING, NOT_WAITING);

        assertThat(effects.sent).isEmpty();
    }

    @Test
    void silenceLongerThanTheStaleIntervalEndsTheSessionAsStale() {
        SessionStateMachine session = subscribed(new Venue());
        session.onTimer(Timer.LIVENESS, Optional.of(STALE_AFTER));
        session.onTimer(Timer.LIVENESS, NOT_WAITING);
        assertThat(session.state()).as("silence up to the interval, or while not reading, is fine")
                .isEqualTo(State.SUBSCRIBED);

        session.onTimer(Timer.LIVENESS, Optional.of(STALE_AFTER.plusMillis(1)));
        assertThat(session.state()).isEqualTo(State.ENDED);
        assertThat(effects.end.reason()).isEqualTo(SessionEnd.Reason.STALE);
        assertThat(effects.end.detail()).isEqualTo("no frame for 3 s (3 heartbeat intervals of 1 s)");
        assertThat(effects.end.connectedAt()).isEqualTo(NOW);
        assertThat(metrics.snapshot().staleConnections()).isEqualTo(1);
    }

    @Test
    void aConnectionThatNeverOpensCanGoStaleToo() {
        SessionStateMachine session = session(new Venue());
        session.onTimer(Timer.LIVENESS, Optional.of(Duration.ofMinutes(1)));

        assertThat(effects.end.reason()).isEqualTo(SessionEnd.Reason.STALE);
    }

    @Test
    void theVenuesReconnectRequestEndsTheSessionAsPlanned() {
        SessionStateMachine session = subscribed(new Venue());
        session.onFrame(RECONNECT);

        assertThat(effects.end.reason()).isEqualTo(SessionEnd.Reason.RECONNECT_REQUESTED);
        assertThat(effects.end.reason().planned()).isTrue();
        assertThat(metrics.snapshot().reconnectRequests()).isEqualTo(1);
    }

    @Test
    void theMaximumAgeCyclesAnOpenOrSubscribedConnection() {
        SessionStateMachine open = session(new Venue().greeting().ageLimited());
        open.onUpgraded();
        open.onTimer(Timer.MAX_AGE, NOT_WAITING);
        assertThat(effects.end.reason()).isEqualTo(SessionEnd.Reason.CYCLED);
        assertThat(effects.end.detail()).isEqualTo("planned cycle after 0 ms (the venue ends connections at 20 s)");

        RecordedEffects again = new RecordedEffects();
        SessionStateMachine subscribed = new SessionStateMachine(new Venue().ageLimited(), settings, metrics, again,
                Clock.fixed(NOW, ZoneOffset.UTC));
        subscribed.onUpgraded();
        subscribed.onTimer(Timer.MAX_AGE, NOT_WAITING);
        assertThat(again.end.reason()).isEqualTo(SessionEnd.Reason.CYCLED);
        assertThat(metrics.snapshot().cycles()).isEqualTo(2);
    }

    @Test
    void aClosedSocketEndsTheSessionAsClosedByTheServerOrFailed() {
        SessionStateMachine closed = subscribed(new Venue());
        closed.onSocketClosed(null, Optional.empty());
        assertThat(effects.end).extracting(SessionEnd::reason, SessionEnd::detail)
                .containsExactly(SessionEnd.Reason.CLOSED_BY_SERVER, "the server closed the connection");

        RecordedEffects again = new RecordedEffects();
        Venue venue = new Venue();
        SessionStateMachine failed = new SessionStateMachine(venue, settings, metrics, again,
                Clock.fixed(NOW, ZoneOffset.UTC));
        failed.onSocketClosed(new IOException("Connection refused to secret"), Optional.empty());
        assertThat(again.end).extracting(SessionEnd::reason, SessionEnd::detail)
                .containsExactly(SessionEnd.Reason.FAILED, "Connection refused to ***");
    }

    @Test
    void aSocketClosedByARefusedUpgradeEndsAsTheRefusalSays() {
        SessionStateMachine session = session(new Venue());
        session.onSocketClosed(null, Optional.of(new UpgradeRefusal(429, "Too Many Requests")));

        assertThat(effects.end.reason()).isEqualTo(SessionEnd.Reason.REFUSED);
        assertThat(effects.end.holdOff()).isEqualTo(Duration.ofSeconds(7));
    }

    // ---- stopping

    @Test
    void aStopBeforeTheVenueIsReadyEndsTheSessionAtOnce() {
        SessionStateMachine connecting = session(new Venue());
        connecting.onStopRequested();
        assertThat(connecting.state()).isEqualTo(State.ENDED);
        assertThat(effects.end.reason()).isEqualTo(SessionEnd.Reason.STOPPED);

        RecordedEffects again = new RecordedEffects();
        SessionStateMachine open = new SessionStateMachine(new Venue().greeting(), settings, metrics, again,
                Clock.fixed(NOW, ZoneOffset.UTC));
        open.onUpgraded();
        open.onStopRequested();
        assertThat(again.end.reason()).isEqualTo(SessionEnd.Reason.STOPPED);
        assertThat(again.sent).as("nothing to unsubscribe").isEmpty();
    }

    @Test
    void aStopWhileSubscribedUnsubscribesAndWaitsForTheAcknowledgements() {
        SessionStateMachine session = subscribed(new Venue().pinging());
        session.onStopRequested();

        assertThat(session.state()).isEqualTo(State.UNSUBSCRIBING);
        assertThat(effects.sent).containsExactly("subscribe", "unsubscribe");
        assertThat(effects.once).containsEntry(Timer.UNSUBSCRIBE_GRACE, GRACE);

        session.onFrame(UNSUBSCRIBED);
        assertThat(session.state()).as("one of two acks").isEqualTo(State.UNSUBSCRIBING);
        session.onFrame(UNSUBSCRIBED);
        assertThat(session.state()).isEqualTo(State.CLOSING);
        assertThat(effects.socketClosed).isTrue();
        assertThat(effects.once).containsOnlyKeys(Timer.CLOSE_GRACE);
        assertThat(effects.periodic).doesNotContainKey(Timer.CLIENT_PING);
        assertThat(metrics.snapshot().unsubscriptionsConfirmed()).isEqualTo(2);
    }

    @Test
    void oneAcknowledgementForEverySubscriptionIsEnough() {
        SessionStateMachine session = subscribed(new Venue());
        session.onStopRequested();
        session.onFrame(UNSUBSCRIBED_ALL);

        assertThat(session.state()).isEqualTo(State.CLOSING);
        assertThat(metrics.snapshot().unsubscriptionsConfirmed()).as("'*' names no channel").isZero();
    }

    @Test
    void withoutAcknowledgementTheSocketClosesAfterTheGracePeriod() {
        SessionStateMachine session = subscribed(new Venue());
        session.onStopRequested();
        session.onTimer(Timer.UNSUBSCRIBE_GRACE, NOT_WAITING);

        assertThat(session.state()).isEqualTo(State.CLOSING);
        assertThat(effects.socketClosed).isTrue();
    }

    @Test
    void aClosingSessionEndsStoppedWhenTheSocketClosesOrTheGracePeriodEnds() {
        SessionStateMachine bySocket = stopping();
        bySocket.onSocketClosed(null, Optional.empty());
        assertThat(effects.end.reason()).isEqualTo(SessionEnd.Reason.STOPPED);

        effects.end = null;
        SessionStateMachine byGrace = stopping();
        byGrace.onTimer(Timer.CLOSE_GRACE, NOT_WAITING);
        assertThat(effects.end.reason()).isEqualTo(SessionEnd.Reason.STOPPED);
    }

    @Test
    void anUnsubscribingSessionWhoseSocketFailsEndsStopped() {
        SessionStateMachine session = subscribed(new Venue());
        session.onStopRequested();
        session.onSocketClosed(new IOException("reset"), Optional.empty());

        assertThat(effects.end.reason()).isEqualTo(SessionEnd.Reason.STOPPED);
    }

    @Test
    void whileStoppingNeitherSilenceNorReconnectRequestsNorTheMaximumAgeEndTheSessionAnotherWay() {
        SessionStateMachine unsubscribing = subscribed(new Venue().ageLimited());
        unsubscribing.onStopRequested();
        unsubscribing.onFrame(RECONNECT);
        unsubscribing.onTimer(Timer.MAX_AGE, NOT_WAITING);
        unsubscribing.onStopRequested();
        assertThat(unsubscribing.state()).isEqualTo(State.UNSUBSCRIBING);
        assertThat(effects.sent).as("unsubscribed once").containsExactly("subscribe", "unsubscribe");

        unsubscribing.onFrame(UNSUBSCRIBED_ALL);
        unsubscribing.onTimer(Timer.LIVENESS, Optional.of(Duration.ofMinutes(1)));
        unsubscribing.onFrame(RECONNECT);
        assertThat(unsubscribing.state()).isEqualTo(State.CLOSING);
        assertThat(effects.end).isNull();
        assertThat(metrics.snapshot().reconnectRequests()).isZero();
    }

    // ---- the end

    @Test
    void anEndedSessionStopsEveryTimerAndIgnoresWhatFollows() {
        SessionStateMachine session = subscribed(new Venue().pinging().ageLimited());
        session.onSocketClosed(null, Optional.empty());
        SessionEnd end = effects.end;
        List<String> sent = List.copyOf(effects.sent);

        assertThat(effects.stopped).containsExactlyInAnyOrder(Timer.values());
        assertThat(effects.once).isEmpty();
        assertThat(effects.periodic).isEmpty();

        session.onFrame(RECONNECT);
        session.onStopRequested();
        session.onTimer(Timer.LIVENESS, Optional.of(Duration.ofMinutes(1)));
        session.onTimer(Timer.CLIENT_PING, NOT_WAITING);
        session.onTimer(Timer.MAX_AGE, NOT_WAITING);
        session.onSocketClosed(new IOException("late"), Optional.empty());
        session.onUpgraded();
        assertThat(session.ended()).isTrue();
        assertThat(effects.end).as("ended once").isSameAs(end);
        assertThat(effects.sent).isEqualTo(sent);
    }

    @Test
    void cyclesATenthBeforeTheMaximumAgeAndAtMostAMinuteBefore() {
        assertThat(SessionStateMachine.cycleAfter(Duration.ofHours(24))).isEqualTo(Duration.ofHours(24).minusMinutes(1));
        assertThat(SessionStateMachine.cycleAfter(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(1800));
    }

    private SessionStateMachine session(Venue venue) {
        return new SessionStateMachine(venue, settings, metrics, effects, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private SessionStateMachine subscribed(Venue venue) {
        SessionStateMachine session = session(venue);
        session.onUpgraded();
        if (venue.greets) {
            session.onFrame(WELCOME);
        }
        assertThat(session.state()).isEqualTo(State.SUBSCRIBED);
        return session;
    }

    /** A fresh session, subscribed and then stopped until it closes its socket. */
    private SessionStateMachine stopping() {
        SessionStateMachine session = subscribed(new Venue());
        session.onStopRequested();
        session.onFrame(UNSUBSCRIBED_ALL);
        assertThat(session.state()).isEqualTo(State.CLOSING);
        return session;
    }

    /** What the machine asked for; timers as they stand (started and not stopped since). */
    private static final class RecordedEffects implements SessionStateMachine.Effects {
        final List<String> sent = new ArrayList<>();
        final List<FeedItem> emitted = new ArrayList<>();
        final Map<Timer, Duration> once = new EnumMap<>(Timer.class);
        final Map<Timer, Duration> periodic = new EnumMap<>(Timer.class);
        final Set<Timer> stopped = EnumSet.noneOf(Timer.class);
        boolean socketClosed;
        SessionEnd end;
        Throwable failure;

        @Override
        public void send(List<String> frames) {
            sent.addAll(frames);
        }

        @Override
        public void emit(FeedItem item) {
            emitted.add(item);
        }

        @Override
        public void startTimer(Timer timer, Duration delay) {
            once.put(timer, delay);
        }

        @Override
        public void startPeriodicTimer(Timer timer, Duration interval) {
            periodic.put(timer, interval);
        }

        @Override
        public void stopTimer(Timer timer) {
            once.remove(timer);
            periodic.remove(timer);
            stopped.add(timer);
        }

        @Override
        public void closeSocket() {
            socketClosed = true;
        }

        @Override
        public void ended(SessionEnd end) {
            this.end = end;
        }

        @Override
        public void failed(Throwable error) {
            failure = error;
        }
    }

    /** A venue whose frames are names of events and whose hooks a test switches on. */
    private static final class Venue implements VenueProtocol {
        boolean greets;
        Optional<ClientPing> ping = Optional.empty();
        Optional<Duration> maxAge = Optional.empty();
        ExchangeCodec codec = (frame, receivedAt) -> EVENTS.get(frame);
        ServerReaction onRejected = new ServerReaction.Continue("rejected");
        ServerReaction onUpgradeRefused = new ServerReaction.Reconnect("upgrade 429 Too Many Requests",
                Duration.ofSeconds(7));
        private final Map<String, Market> marketOf = Map.of(BROKEN, BTC);

        Venue greeting() {
            greets = true;
            return this;
        }

        Venue pinging() {
            ping = Optional.of(new ClientPing("ping", PING_INTERVAL));
            return this;
        }

        Venue ageLimited() {
            maxAge = Optional.of(MAX_AGE);
            return this;
        }

        @Override
        public String venue() {
            return "Testex";
        }

        @Override
        public WebSocketRequest handshake() {
            return WebSocketRequest.create("ws://127.0.0.1:1/ws");
        }

        @Override
        public String urlForLogs() {
            return "ws://127.0.0.1:1/ws";
        }

        @Override
        public ExchangeCodec codec() {
            return codec;
        }

        @Override
        public boolean subscribesAfterWelcome() {
            return greets;
        }

        @Override
        public List<String> subscribeFrames() {
            return List.of("subscribe");
        }

        @Override
        public List<String> unsubscribeFrames() {
            return List.of("unsubscribe");
        }

        @Override
        public int expectedUnsubscribeAcks() {
            return 2;
        }

        @Override
        public ServerReaction onRejected(FeedEvent.Rejected rejected) {
            return onRejected;
        }

        @Override
        public ServerReaction onUpgradeRefused(int status, String reason) {
            return onUpgradeRefused;
        }

        @Override
        public Optional<Market> marketOf(String malformedFrame) {
            return Optional.ofNullable(marketOf.get(malformedFrame));
        }

        @Override
        public String redact(String text) {
            return text.replace("secret", "***");
        }

        @Override
        public Optional<ClientPing> clientPing() {
            return ping;
        }

        @Override
        public Optional<Duration> maxConnectionAge() {
            return maxAge;
        }
    }
}
