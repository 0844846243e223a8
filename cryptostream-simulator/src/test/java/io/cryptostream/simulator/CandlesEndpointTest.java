package io.cryptostream.simulator;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.CandleHistories;
import io.cryptostream.exchange.CandleHistory;
import io.cryptostream.exchange.CandlePage;
import io.cryptostream.exchange.Venue;
import io.cryptostream.exchange.VenueCandle;
import io.cryptostream.exchange.Venues;
import io.cryptostream.exchange.coinbase.Coinbase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The simulator's REST candles are the minutes of the trades it emitted, with the venue's bounds, and can be altered. */
class CandlesEndpointTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int TRADES = 30;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final TestActorSystem system = new TestActorSystem();

    static List<Venue> venuesWithCandles() {
        return Venues.all().stream().filter(venue -> CandleHistories.of(venue).available()).toList();
    }

    private static SimulatorServer start(Venue venue) {
        return system.start(SimulatorConfig.builder().protocol(SimulatorProtocols.forVenue(venue)).tradesPerSecond(100)
                .tradesPerMarket(TRADES).replayOnSubscribe(0).build());
    }

    private static List<Trade> tradesOf(SimulatorServer server, Market market) {
        server.market(market);
        await().atMost(WAIT).until(() -> server.emittedTrades(market).size() >= TRADES);
        return server.emittedTrades(market);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venuesWithCandles")
    void the_candles_are_the_minutes_of_the_emitted_trades(Venue venue) throws Exception {
        CandleHistory candles = CandleHistories.of(venue);
        Market market = venue.markets(venue.defaultMarkets()).get(0);
        try (SimulatorServer server = start(venue)) {
            List<Trade> emitted = tradesOf(server, market);
            Instant from = emitted.get(0).eventTime().truncatedTo(ChronoUnit.MINUTES);
            Instant to = emitted.get(emitted.size() - 1).eventTime().truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);

            assertThat(read(candles, server, market, from, to)).isEqualTo(minutesOf(emitted, candles.countsTrades()));
        }
    }

    @Test
    void an_altered_minute_is_served_altered_and_a_hidden_one_not_at_all() throws Exception {
        CandleHistory candles = CandleHistories.of(Coinbase.EXCHANGE_FEED);
        Market market = new Market("Coinbase", "BTC", "USD");
        try (SimulatorServer server = start(Coinbase.EXCHANGE_FEED)) {
            List<Trade> emitted = tradesOf(server, market);
            Instant minute = emitted.get(0).eventTime().truncatedTo(ChronoUnit.MINUTES);
            VenueCandle truth = minutesOf(emitted, false).get(0);

            server.alterCandle(market, minute, c -> c.withClose(c.close().add(BigDecimal.ONE)));
            assertThat(read(candles, server, market, minute, minute.plusSeconds(60)))
                    .containsExactly(truth.withClose(truth.close().add(BigDecimal.ONE)));

            server.hideCandle(market, minute);
            assertThat(read(candles, server, market, minute, minute.plusSeconds(60))).isEmpty();
        }
    }

    @Test
    void coinbase_rejects_a_range_of_more_than_300_candles_and_serves_one_of_300() throws Exception {
        Market market = new Market("Coinbase", "BTC", "USD");
        try (SimulatorServer server = start(Coinbase.EXCHANGE_FEED)) {
            tradesOf(server, market);
            URI tooLong = URI.create(server.historyUri() + "/products/BTC-USD/candles?granularity=60"
                    + "&start=2026-11-21T00:00:00Z&end=2026-11-21T05:01:00Z");

            HttpResponse<String> response = get(tooLong);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("more than 300 candles");
            Instant from = Instant.parse("2026-11-21T00:00:00Z");
            assertThat(get(CandleHistories.of(Coinbase.EXCHANGE_FEED).request(server.historyUri(), market, from,
                    from.plus(Duration.ofMinutes(300)))).statusCode()).isEqualTo(200);
        }
    }

    private static List<VenueCandle> read(CandleHistory candles, SimulatorServer server, Market market, Instant from,
                                          Instant to) throws Exception {
        HttpResponse<String> response = get(candles.request(server.historyUri(), market, from, to));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ((CandlePage.Candles) candles.codec().decode(response.body())).candles();
    }

    /** The reference: each minute's trades in emission order. */
    private static List<VenueCandle> minutesOf(List<Trade> trades, boolean counted) {
        Map<Instant, List<Trade>> minutes = new TreeMap<>();
        for (Trade t : trades) {
            minutes.computeIfAbsent(t.eventTime().truncatedTo(ChronoUnit.MINUTES), m -> new ArrayList<>()).add(t);
        }
        return minutes.entrySet().stream().map(e -> {
            List<Trade> ts = e.getValue();
            return new VenueCandle(e.getKey(), ts.get(0).price(),
                    ts.stream().map(Trade::price).max(BigDecimal::compareTo).orElseThrow(),
                    ts.stream().map(Trade::price).min(BigDecimal::compareTo).orElseThrow(),
                    ts.get(ts.size() - 1).price(), ts.stream().map(Trade::quantity).reduce(BigDecimal.ZERO, BigDecimal::add),
                    counted ? OptionalLong.of(ts.size()) : OptionalLong.empty());
        }).toList();
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }
}
