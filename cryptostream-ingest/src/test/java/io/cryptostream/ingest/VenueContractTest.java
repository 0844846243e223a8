package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.cryptostream.ingest.Testbed.WAIT;
import static io.cryptostream.ingest.Testbed.stop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What every venue's ingest does against the venue's simulator over a real WebSocket. */
@ExtendWith(Testbed.Extension.class)
class VenueContractTest {

    private static final int TRADES_PER_MARKET = 8;

    static Stream<VenuePair> venues() {
        return VenuePair.ALL.stream();
    }

    static Stream<VenuePair> venuesThatThePingsKeepAlive() {
        return venues().filter(VenuePair::clientPings);
    }

    static Stream<VenuePair> venuesWithOwnHeartbeats() {
        return venues().filter(venue -> venue.facts().serverHeartbeats());
    }

    @ParameterizedTest
    @MethodSource("venues")
    void deliversExactlyTheTradesTheVenueSentInOrderPerMarket(VenuePair venue, Testbed testbed) throws Exception {
        SimulatorServer sim = testbed.simulator(venue.simulatorConfig(SimulatorConfig.builder()
                .tradesPerSecond(50).tradesPerMarket(TRADES_PER_MARKET)));
        IngestRun run = run(venue, testbed, venue.settingsFor(sim).build());
        List<Market> markets = venue.markets();
        int total = TRADES_PER_MARKET * markets.size();
        List<Trade> received = testbed.received();

        await().atMost(WAIT).until(() -> received.size() == total);
        long acks = run.metrics().subscriptionsConfirmed();
        stop(run);

        List<Trade> emitted = sim.emittedTrades();
        assertThat(emitted).hasSize(total);
        assertThat(TradeFacts.of(received)).containsExactlyInAnyOrderElementsOf(TradeFacts.of(emitted));
        for (Market market : markets) {
            assertThat(TradeFacts.of(received.stream().filter(t -> t.market().equals(market)).toList()))
                    .as("trades of %s, in order", market)
                    .containsExactlyElementsOf(TradeFacts.of(sim.emittedTrades(market)))
                    .hasSize(TRADES_PER_MARKET);
        }
        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.trades()).isEqualTo(total);
        assertThat(metrics.markets()).containsOnlyKeys(markets).allSatisfy((market, counts) -> assertThat(counts)
                .isEqualTo(new IngestMetricsSnapshot.MarketCounts(TRADES_PER_MARKET, TRADES_PER_MARKET, 0, 0)));
        assertThat(metrics.connections()).isEqualTo(1);
        assertThat(metrics.reconnects()).isZero();
        assertThat(metrics.malformed()).isZero();
        assertThat(acks).as("subscription acknowledgements").isEqualTo(venue.facts().subscribeAcks());
        assertThat(metrics.subscriptionsConfirmed()).as("and those at the stop")
                .isEqualTo(venue.facts().subscribeAcks() + venue.facts().subscribeAcksAtStop());
        assertThat(metrics.unsubscriptionsConfirmed()).as("unsubscribe acknowledgements at the stop")
                .isEqualTo(venue.facts().unsubscribeAcks());
        assertThat(metrics.toTable()).contains("total", "reconnects")
                .contains(markets.stream().map(Market::key).toList());
    }

    /** How a connection ends under a flowing run. */
    enum Interruption {
        /** The TCP connection is cut without a close frame. */
        DROPPED,
        /** The venue says it is disconnecting (an error, a shutdown notice, a reconnect request), then closes. */
        CLOSED_BY_THE_VENUE
    }

    static Stream<Arguments> venuesAndInterruptions() {
        return venues().flatMap(venue -> Stream.of(Interruption.values()).map(how -> Arguments.of(venue, how)));
    }

    /**
     * The simulator replays a market's every trade on subscribe, so that the test can demand every trade however
     * long the reconnect takes on a loaded machine, and need not pace the trades slowly to give it time.
     */
    @ParameterizedTest
    @MethodSource("venuesAndInterruptions")
    void reconnectsPromptlyResubscribesAndDeliversEveryTradeOnce(VenuePair venue, Interruption how, Testbed testbed)
            throws Exception {
        SimulatorServer sim = testbed.simulator(venue.simulatorConfig(SimulatorConfig.builder()
                .tradesPerSecond(40).tradesPerMarket(30)).toBuilder().replayOnSubscribe(30).build());
        IngestRun run = run(venue, testbed, venue.settingsFor(sim).build());
        int markets = venue.markets().size();
        List<Trade> received = testbed.received();

        await().atMost(WAIT).until(() -> received.size() >= 5 * markets);
        int reached = how == Interruption.DROPPED ? sim.dropAllConnections() : sim.forceDisconnectAll();
        assertThat(reached).isEqualTo(1);
        await().atMost(WAIT).until(() -> received.size() >= 30 * markets && run.metrics().connections() == 2
                && run.metrics().subscriptionsConfirmed() == 2L * venue.facts().subscribeAcks());
        stop(run);

        assertThat(sim.emittedTrades()).hasSize(30 * markets);
        assertThat(TradeFacts.of(received)).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(TradeFacts.of(sim.emittedTrades()));
        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.reconnects()).isEqualTo(1);
        assertThat(metrics.connections()).isEqualTo(2);
        assertThat(metrics.subscriptionsConfirmed()).as("resubscribed on the new socket")
                .isEqualTo(2L * venue.facts().subscribeAcks() + venue.facts().subscribeAcksAtStop());
        assertThat(metrics.duplicates()).as("the simulator's replay after the resubscribe").isPositive();
        boolean byTheVenue = how == Interruption.CLOSED_BY_THE_VENUE;
        assertThat(metrics.rejectedByReason()).isEqualTo(byTheVenue ? venue.facts().rejectedOnForcedDisconnect() : Map.of());
        assertThat(metrics.reconnectRequests())
                .isEqualTo(byTheVenue && venue.facts().reconnectRequestedOnForcedDisconnect() ? 1 : 0);
        assertThat(run.completion().toCompletableFuture()).isCompleted();
    }

    @ParameterizedTest
    @MethodSource("venues")
    void countsMalformedFramesPerMarketAndUnknownOnesByTypeAndKeepsGoing(VenuePair venue, Testbed testbed) {
        SimulatorServer sim = testbed.simulator(venue.simulatorConfig(SimulatorConfig.builder().tradesPerSecond(10)));
        IngestRun run = run(venue, testbed, venue.settingsFor(sim).build());
        List<Trade> received = testbed.received();

        await().atMost(WAIT).until(() -> received.size() >= 4);
        sim.sendMalformedFrames(3);
        sim.sendUnknownTypeFrame();
        sim.sendUnknownTypeFrame();
        await().atMost(WAIT).until(() -> run.metrics().malformed() == 3 && run.metrics().unhandled() == 2);
        int before = received.size();
        await().atMost(WAIT).until(() -> received.size() >= before + 10);

        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.unhandledByType()).containsEntry(venue.facts().unhandledType(), 2L);
        assertThat(metrics.markets().get(venue.markets().get(0)).malformed()).as("the frames that name the market")
                .isEqualTo(venue.facts().malformedOfFirstMarket());
        assertThat(metrics.reconnects()).isZero();
        assertThat(run.completion().toCompletableFuture()).isNotDone();
    }

    @ParameterizedTest
    @MethodSource("venues")
    void stopsCleanlyUnsubscribingAndFlushingTheSink(VenuePair venue, Testbed testbed) throws Exception {
        SimulatorServer sim = testbed.simulator(venue.simulatorConfig(SimulatorConfig.builder().tradesPerSecond(20)));
        IngestRun run = run(venue, testbed, venue.settingsFor(sim).build());
        int markets = venue.markets().size();
        List<Trade> received = testbed.received();
        await().atMost(WAIT).until(() -> received.size() >= 2 * markets
                && sim.stats().subscriptionsActive() == venue.channels());

        long start = System.nanoTime();
        stop(run);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.unsubscriptionsConfirmed()).isEqualTo(venue.facts().unsubscribeAcks());
        assertThat(took).as("no grace period ran out").isLessThan(Duration.ofSeconds(5));
        await().atMost(WAIT).until(() -> sim.stats().connectionsOpen() == 0);
        assertThat(sim.stats().subscriptionsActive()).isZero();
        assertThat((long) received.size()).as("every accepted trade delivered").isEqualTo(metrics.trades());
        assertThat(TradeFacts.of(sim.emittedTrades())).containsAll(TradeFacts.of(received));
    }

    @ParameterizedTest
    @MethodSource("venuesWithOwnHeartbeats")
    void heartbeatsKeepAQuietSocketAndTheirSilenceReplacesIt(VenuePair venue, Testbed testbed) throws Exception {
        SimulatorServer sim = testbed.simulator(venue.simulatorConfig(SimulatorConfig.builder()
                .heartbeatInterval(Duration.ofMillis(200)).tradesPerSecond(50).tradesPerMarket(2)));
        IngestRun run = run(venue, testbed, venue.settingsFor(sim)
                .heartbeatInterval(Duration.ofMillis(250)).missedHeartbeats(3).build());
        int total = 2 * venue.markets().size();
        List<Trade> received = testbed.received();

        await().atMost(WAIT).until(() -> received.size() == total);
        await().during(Duration.ofMillis(1200)).atMost(WAIT)
                .until(() -> run.metrics().staleConnections() == 0);
        assertThat(run.metrics().heartbeats()).isPositive();

        sim.stopHeartbeats();
        await().atMost(WAIT).until(() -> run.metrics().staleConnections() >= 1 && run.metrics().connections() >= 2);
        sim.resumeHeartbeats();
        stop(run);

        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.reconnects()).isPositive();
        assertThat(TradeFacts.of(received)).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(TradeFacts.of(sim.emittedTrades()));
        assertThat(metrics.duplicates()).as("the replay after the resubscribe").isPositive();
    }

    /** No trades and no heartbeats of the venue's own: only the answers to the client's pings arrive. */
    @ParameterizedTest
    @MethodSource("venuesThatThePingsKeepAlive")
    void theAnswersToTheClientPingsAloneKeepAQuietSocketAndTheirSilenceReplacesIt(VenuePair venue, Testbed testbed) {
        SimulatorServer sim = testbed.simulator(venue.simulatorConfig(SimulatorConfig.builder()
                .heartbeatInterval(Duration.ofHours(1)).tradesPerMarket(0)));
        IngestRun run = run(venue, testbed, venue.settingsFor(sim)
                .heartbeatInterval(Duration.ofMillis(200)).missedHeartbeats(3).build());

        await().atMost(WAIT).until(() -> run.metrics().subscriptionsConfirmed() >= venue.facts().subscribeAcks());
        // A first connection slowed by a cold JVM may go stale before its first answer; count from here.
        IngestMetricsSnapshot subscribed = run.metrics();
        await().during(Duration.ofMillis(1500)).atMost(WAIT)
                .until(() -> run.metrics().staleConnections() == subscribed.staleConnections());
        IngestMetricsSnapshot fresh = run.metrics();
        assertThat(fresh.connections()).isEqualTo(subscribed.connections());
        assertThat(fresh.pingsSent() - subscribed.pingsSent()).as("a ping every 200 ms").isGreaterThanOrEqualTo(5);
        assertThat(fresh.heartbeats()).as("answers count as heartbeats").isGreaterThan(subscribed.heartbeats());

        sim.stallAllConnections();
        await().atMost(WAIT).until(() -> run.metrics().staleConnections() > fresh.staleConnections()
                && run.metrics().connections() > fresh.connections());
        assertThat(run.metrics().pingsSent()).as("pings went on; sending them is not liveness")
                .isGreaterThan(fresh.pingsSent());
    }

    private static IngestRun run(VenuePair venue, Testbed testbed, IngestSettings settings) {
        return testbed.run(venue.ingest(settings), settings);
    }
}
