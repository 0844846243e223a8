package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.TradeHistories;
import io.cryptostream.exchange.TradeHistory;
import io.cryptostream.exchange.binance.Binance;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static io.cryptostream.ingest.Testbed.stop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Trades kept off the simulator's socket come back from its REST history: ingest finds the gap, fills it through the
 * same intake, and the sink holds every emitted trade exactly once.
 */
@ExtendWith(Testbed.Extension.class)
class GapFillTest {

    private static final int TRADES = 40;
    private static final int DROPPED = 5;
    /** Trades of the market that reach the socket before those kept off it. */
    private static final int LET_THROUGH = 3;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ApiKey HISTORY_KEY = ApiKey.of("history-key-7c2a");

    /** Venues whose trade ids show gaps and that have a REST history to fill them from. */
    static Stream<VenuePair> venuesThatFillGaps() {
        return VenuePair.ALL.stream().filter(venue -> TradeHistories.of(venue.venue()).available()
                && venue.venue().tradeIds().gapsAreMissedTrades());
    }

    @ParameterizedTest
    @MethodSource("venuesThatFillGaps")
    void tradesKeptOffTheSocketAreRecoveredFromTheHistoryAndDeliveredOnce(VenuePair venue, Testbed testbed)
            throws Exception {
        SimulatorServer sim = testbed.simulator(venue.simulatorConfig(SimulatorConfig.builder()
                .tradesPerSecond(50).tradesPerMarket(TRADES)));
        Market market = venue.markets().get(0);
        sim.dropTradesOnSocket(market, LET_THROUGH, DROPPED);
        IngestRun run = testbed.run(venue.ingest(settings(venue, sim).build()), settings(venue, sim).build());


        List<Trade> received = testbed.received();
        int total = TRADES * venue.markets().size();
        await().atMost(WAIT).until(() -> sim.emittedTrades().size() == total && received.size() >= total
                && run.metrics().gapFills().filled() == 1);
        stop(run);

        assertThat(sim.tradesDroppedOnSocket()).hasSize(DROPPED);
        assertThat(TradeFacts.of(received)).as("every emitted trade, once")
                .containsExactlyInAnyOrderElementsOf(TradeFacts.of(sim.emittedTrades()));
        IngestMetricsSnapshot metrics = run.metrics();
        assertThat(metrics.gaps()).isEqualTo(1);
        assertThat(metrics.missedTrades()).isEqualTo(DROPPED);
        assertThat(metrics.gapFills()).isEqualTo(new IngestMetricsSnapshot.GapFills(1, DROPPED, 0, Map.of(), 0, 0, 0));
        assertThat(metrics.trades()).isEqualTo(total);
        assertThat(metrics.toTable()).contains("gap fill: 1 gaps found, 0 reconnect spans, 1 filled, " + DROPPED + " trades recovered");
    }

    @Test
    void aHistoryThatAnswers429FirstIsWaitedOutThenFillsTheGap(Testbed testbed) throws Exception {
        VenuePair venue = VenuePair.named("binance");
        SimulatorServer sim = testbed.simulator(venue.simulatorConfig(SimulatorConfig.builder()
                .tradesPerSecond(20).tradesPerMarket(TRADES).historyBudget(oneRequestPer(Duration.ofSeconds(3)))));
        Market market = venue.markets().get(0);
        IngestSettings settings = settings(venue, sim).build();
        IngestRun run = testbed.run(venue.ingest(settings), settings);
        spendTheHistoryBudget(testbed, sim, market);
        dropAfterTheFirstTrades(testbed, sim, market);

        int total = TRADES * venue.markets().size();
        await().atMost(WAIT).until(() -> run.metrics().gapFills().filled() == 1
                && testbed.received().size() >= total);
        stop(run);

        IngestMetricsSnapshot.GapFills fills = run.metrics().gapFills();
        assertThat(fills.rateLimited()).as("429s waited out").isGreaterThanOrEqualTo(1);
        assertThat(fills.recovered()).isEqualTo(DROPPED);
        assertThat(fills.unfillable()).isZero();
        assertThat(TradeFacts.of(testbed.received())).as("every emitted trade, once")
                .containsExactlyInAnyOrderElementsOf(TradeFacts.of(sim.emittedTrades()));
    }

    @Test
    void aFillInFlightWhenIngestStopsFinishesBeforeTheRunCompletes(Testbed testbed) throws Exception {
        VenuePair venue = VenuePair.named("binance");
        SimulatorServer sim = testbed.simulator(venue.simulatorConfig(SimulatorConfig.builder()
                .tradesPerSecond(20).tradesPerMarket(TRADES).historyBudget(oneRequestPer(Duration.ofSeconds(3)))));
        Market market = venue.markets().get(0);
        IngestSettings settings = settings(venue, sim).stopGracePeriod(Duration.ofSeconds(10)).build();
        IngestRun run = testbed.run(venue.ingest(settings), settings);
        spendTheHistoryBudget(testbed, sim, market);
        dropAfterTheFirstTrades(testbed, sim, market);

        // Stopped as soon as the gap is found: its fill waits out a 429 of up to 3 s, well within the grace.
        await().atMost(WAIT).until(() -> run.metrics().gaps() == 1);
        stop(run);

        IngestMetricsSnapshot.GapFills fills = run.metrics().gapFills();
        assertThat(fills.filled()).isEqualTo(1);
        assertThat(fills.recovered()).isEqualTo(DROPPED);
        assertThat(fills.unfillable()).isZero();
        assertThat(TradeFacts.of(testbed.received())).as("the trades kept off the socket, delivered before the end")
                .containsAll(TradeFacts.of(sim.tradesDroppedOnSocket()));
    }

    @Test
    void aFillThatCannotFinishWithinTheStopsGraceIsReportedUnfillable(Testbed testbed) throws Exception {
        VenuePair venue = VenuePair.named("binance");
        SimulatorServer sim = testbed.simulator(venue.simulatorConfig(SimulatorConfig.builder()
                .tradesPerSecond(20).tradesPerMarket(TRADES).historyBudget(oneRequestPer(Duration.ofMinutes(1)))));
        Market market = venue.markets().get(0);
        IngestSettings settings = settings(venue, sim).stopGracePeriod(Duration.ofSeconds(1)).build();
        IngestRun run = testbed.run(venue.ingest(settings), settings);
        spendTheHistoryBudget(testbed, sim, market);
        dropAfterTheFirstTrades(testbed, sim, market);

        // The fill waits for a 429's Retry-After of up to a minute, far past the stop's grace of 1 s.
        await().atMost(WAIT).until(() -> run.metrics().gapFills().rateLimited() >= 1);
        stop(run);

        IngestMetricsSnapshot.GapFills fills = run.metrics().gapFills();
        assertThat(fills.unfillableByReason()).isEqualTo(Map.of("ingest stopped before the gap was filled", 1L));
        assertThat(fills.filled()).isZero();
        assertThat(fills.recovered()).isZero();
        assertThat(run.metrics().toTable()).contains("1 unfillable {ingest stopped before the gap was filled=1}");
        assertThat(TradeFacts.of(testbed.received())).doesNotContainAnyElementsOf(TradeFacts.of(sim.tradesDroppedOnSocket()));
    }

    @Test
    void tradesRecoveredLaterAfterTheirTimeThanTheJobsWatermarkAreCountedAndReported(Testbed testbed) throws Exception {
        VenuePair venue = VenuePair.named("coinbase");
        SimulatorServer sim = testbed.simulator(venue.simulatorConfig(SimulatorConfig.builder()
                .tradesPerSecond(50).tradesPerMarket(TRADES)));
        Market market = venue.markets().get(0);
        IngestSettings.Builder builder = settings(venue, sim);
        // A watermark of no delay: every trade recovered is behind it by the time it comes back.
        IngestSettings settings = builder.gapFill(builder.build().gapFill().watermark(Duration.ZERO)).build();
        sim.dropTradesOnSocket(market, LET_THROUGH, DROPPED);
        IngestRun run = testbed.run(venue.ingest(settings), settings);


        int total = TRADES * venue.markets().size();
        await().atMost(WAIT).until(() -> sim.emittedTrades().size() == total && testbed.received().size() >= total
                && run.metrics().gapFills().filled() == 1);
        stop(run);

        IngestMetricsSnapshot.GapFills fills = run.metrics().gapFills();
        assertThat(fills.recovered()).isEqualTo(DROPPED);
        assertThat(fills.recoveredLate()).as("recovered behind the watermark").isEqualTo(DROPPED);
        assertThat(run.metrics().toTable()).contains(DROPPED + " trades recovered (" + DROPPED
                + " behind the job's watermark, counted late by the job)");
        assertThat(TradeFacts.of(testbed.received())).as("still passed on: the job, not ingest, drops late trades")
                .containsAll(TradeFacts.of(sim.tradesDroppedOnSocket()));
    }

    @Test
    void withoutTheKeyItsHistoryNeedsAGapIsReportedUnfillableWithTheReason(Testbed testbed) throws Exception {
        VenuePair venue = VenuePair.named("binance-futures");
        SimulatorServer sim = testbed.simulator(venue.simulatorConfig(SimulatorConfig.builder()
                .tradesPerSecond(50).tradesPerMarket(TRADES)));
        Market market = venue.markets().get(0);
        IngestSettings.Builder builder = settings(venue, sim);
        IngestSettings settings = builder.gapFill(builder.build().gapFill().apiKey(Optional.empty())).build();
        sim.dropTradesOnSocket(market, LET_THROUGH, DROPPED);
        IngestRun run = testbed.run(venue.ingest(settings), settings);


        await().atMost(WAIT).until(() -> run.metrics().gapFills().unfillable() == 1
                && sim.emittedTrades().size() == TRADES && testbed.received().size() >= TRADES - DROPPED);
        stop(run);

        IngestMetricsSnapshot.GapFills fills = run.metrics().gapFills();
        assertThat(fills.unfillableByReason()).containsOnlyKeys(
                "BinanceFutures's REST history needs an API key: set CRYPTOSTREAM_HISTORY_API_KEY or "
                        + "ingest.history-api-key-file");
        assertThat(fills.recovered()).isZero();
        assertThat(testbed.received()).hasSize(TRADES - DROPPED);
    }

    @Test
    void withGapFillOffGapsAreOnlyCounted(Testbed testbed) throws Exception {
        VenuePair venue = VenuePair.named("coinbase");
        SimulatorServer sim = testbed.simulator(venue.simulatorConfig(SimulatorConfig.builder()
                .tradesPerSecond(50).tradesPerMarket(TRADES)));
        Market market = venue.markets().get(0);
        IngestSettings.Builder builder = settings(venue, sim);
        IngestSettings settings = builder.gapFill(builder.build().gapFill().enabled(false)).build();
        sim.dropTradesOnSocket(market, LET_THROUGH, DROPPED);
        IngestRun run = testbed.run(venue.ingest(settings), settings);


        int total = TRADES * venue.markets().size();
        await().atMost(WAIT).until(() -> sim.emittedTrades().size() == total
                && testbed.received().size() >= total - DROPPED && run.metrics().gaps() == 1);
        stop(run);

        assertThat(testbed.received()).hasSize(total - DROPPED);
        assertThat(run.metrics().missedTrades()).isEqualTo(DROPPED);
        assertThat(run.metrics().gapFills()).isEqualTo(new IngestMetricsSnapshot.GapFills(0, 0, 0, Map.of(), 0, 0, 0));
    }

    @Test
    void onAVenueWithoutGapDetectionTheTradesMissedDuringAReconnectAreRecoveredByTime(Testbed testbed)
            throws Exception {
        VenuePair venue = VenuePair.named("bitstamp");
        SimulatorServer sim = testbed.simulator(venue.simulatorConfig(SimulatorConfig.builder()
                .tradesPerSecond(20).tradesPerMarket(TRADES).replayOnSubscribe(0)));
        Market market = venue.markets().get(0);
        IngestSettings settings = settings(venue, sim).build();
        IngestRun run = testbed.run(venue.ingest(settings), settings);

        // The next trades are kept off the socket as it drops, so they fall between the last trade before the
        // reconnect and the first after it, with those emitted while ingest reconnects.
        dropAfterTheFirstTrades(testbed, sim, market);
        assertThat(sim.dropAllConnections()).isEqualTo(1);

        int total = TRADES * venue.markets().size();
        await().atMost(WAIT).until(() -> sim.emittedTrades().size() == total && testbed.received().size() >= total
                && run.metrics().gapFills().filled() >= 1);
        stop(run);

        List<String> received = testbed.received().stream().map(t -> t.market().key() + "/" + t.tradeId()).toList();
        assertThat(received).as("every emitted trade, once (the history's times are whole seconds)")
                .containsExactlyInAnyOrderElementsOf(sim.emittedTrades().stream()
                        .map(t -> t.market().key() + "/" + t.tradeId()).toList());
        IngestMetricsSnapshot.GapFills fills = run.metrics().gapFills();
        assertThat(fills.reconnectSpans()).isEqualTo(venue.markets().size());
        assertThat(fills.recovered()).isGreaterThanOrEqualTo(DROPPED);
        assertThat(fills.unfillable()).isZero();
    }

    /** Ingest of {@code venue}'s simulator, filling from the simulator's history, with a key where it needs one. */
    private static IngestSettings.Builder settings(VenuePair venue, SimulatorServer sim) {
        return venue.settingsFor(sim).gapFill(GapFillSettings.defaults().historyBase(sim.historyUri())
                .apiKey(Optional.of(HISTORY_KEY)).backoff(Duration.ofMillis(200), Duration.ofSeconds(5)));
    }

    /** A Binance spot history budget of one request per {@code window}. */
    private static TradeHistory.Budget oneRequestPer(Duration window) {
        return new TradeHistory.Budget(TradeHistories.of(Binance.SPOT).requestWeight(), window);
    }

    /** One request, once ingest runs, spends the window's budget: the filler's first request is refused (429). */
    private static void spendTheHistoryBudget(Testbed testbed, SimulatorServer sim, Market market) throws Exception {
        await().atMost(WAIT).until(() -> !testbed.received().isEmpty());
        URI spend = TradeHistories.of(Binance.SPOT).page(sim.historyUri(), market, Optional.empty(), 1);
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(spend).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    /**
     * Lets a few trades of {@code market} through, then keeps the next {@link #DROPPED} off the socket: for a test
     * that acts just before the gap opens. Where the gap falls depends on when the test gets here, so such tests trade
     * slowly; the others place the gap beforehand ({@link SimulatorServer#dropTradesOnSocket(Market, long, int)}).
     */
    private static void dropAfterTheFirstTrades(Testbed testbed, SimulatorServer sim, Market market) {
        await().atMost(WAIT).until(() -> testbed.received().stream().filter(t -> t.market().equals(market)).count() >= 3);
        sim.dropTradesOnSocket(market, DROPPED);
    }
}
