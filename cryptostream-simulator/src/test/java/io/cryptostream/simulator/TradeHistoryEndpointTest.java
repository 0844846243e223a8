package io.cryptostream.simulator;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.HistoryPage;
import io.cryptostream.exchange.TradeHistories;
import io.cryptostream.exchange.TradeHistory;
import io.cryptostream.exchange.Venue;
import io.cryptostream.exchange.Venues;
import io.cryptostream.exchange.binance.Binance;
import io.cryptostream.exchange.binance.BinanceCodec;
import io.cryptostream.exchange.binance.BinanceSubscriptions;
import io.cryptostream.exchange.binance.BinanceVenue;
import io.cryptostream.exchange.bitstamp.Bitstamp;
import io.cryptostream.exchange.coinbase.Coinbase;
import io.cryptostream.exchange.kraken.Kraken;
import io.cryptostream.feed.FeedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The simulator's REST trade history as a plain JDK HTTP client sees it, decoded with each venue's history codec:
 * the emitted trades exactly, page by page; a 429 past the request budget; and trades kept off the socket still in
 * the history.
 */
class TradeHistoryEndpointTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int TRADES = 60;
    private static final int PAGE = 25;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final TestActorSystem system = new TestActorSystem();

    static List<Venue> venuesWithHistory() {
        return Venues.all().stream().filter(venue -> TradeHistories.of(venue).available()).toList();
    }

    /** One trade per 10 ms tick, so that every trade has its own microsecond (Kraken pages by time). */
    private static SimulatorServer start(Venue venue, SimulatorConfig.Builder config) {
        return system.start(config.protocol(SimulatorProtocols.forVenue(venue)).tradesPerSecond(100)
                .replayOnSubscribe(0).build());
    }

    private static List<Trade> tradesOf(SimulatorServer server, Market market, int count) {
        server.market(market);
        await().atMost(WAIT).until(() -> server.emittedTrades(market).size() >= count);
        return server.emittedTrades(market);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venuesWithHistory")
    void the_history_pages_through_exactly_the_trades_the_simulator_emitted(Venue venue) throws Exception {
        TradeHistory history = TradeHistories.of(venue);
        Market market = venue.markets(venue.defaultMarkets()).get(0);
        try (SimulatorServer server = start(venue, SimulatorConfig.builder().tradesPerMarket(TRADES))) {
            List<Trade> emitted = tradesOf(server, market, TRADES);

            List<Trade> read = new ArrayList<>();
            Optional<String> cursor = firstCursor(history, emitted);
            int pages = 0;
            while (true) {
                HttpResponse<String> response = get(history.page(server.historyUri(), market, cursor, PAGE));
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                HistoryPage.Trades page = (HistoryPage.Trades) history.codec()
                        .decode(market, response.body(), Instant.now());
                if (page.trades().isEmpty()) {
                    break;
                }
                pages++;
                read.addAll(page.trades());
                if (page.next().isEmpty()) {
                    break;
                }
                cursor = page.next();
            }

            List<Trade> expected = venue == Bitstamp.VENUE ? wholeSeconds(emitted) : emitted;
            assertThat(asEmitted(read)).containsExactlyElementsOf(expected);
            assertThat(pages).as("pages of at most " + PAGE).isEqualTo(
                    history.paging() == TradeHistory.Paging.BY_TIME_WINDOW ? 1 : (TRADES + PAGE - 1) / PAGE);
        }
    }

    @Test
    void binance_answers_429_with_retry_after_once_the_request_weight_of_the_window_is_spent() throws Exception {
        TradeHistory history = TradeHistories.of(Binance.SPOT);
        Market market = new Market("Binance", "BTC", "USDT");
        SimulatorConfig.Builder config = SimulatorConfig.builder().tradesPerMarket(5)
                .historyBudget(new TradeHistory.Budget(2 * history.requestWeight(), Duration.ofMinutes(1)));
        try (SimulatorServer server = start(Binance.SPOT, config)) {
            tradesOf(server, market, 5);
            URI page = history.page(server.historyUri(), market, Optional.empty(), 10);

            HttpResponse<String> first = get(page);
            HttpResponse<String> second = get(page);
            HttpResponse<String> third = get(page);

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("X-MBX-USED-WEIGHT-1M")).contains("25");
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(second.headers().firstValue("X-MBX-USED-WEIGHT-1M")).contains("50");
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.headers().firstValue("Retry-After").map(Long::parseLong))
                    .hasValueSatisfying(seconds -> assertThat(seconds).isBetween(1L, 60L));
        }
    }

    @Test
    void coinbase_answers_429_past_its_request_budget() throws Exception {
        TradeHistory history = TradeHistories.of(Coinbase.EXCHANGE_FEED);
        Market market = new Market("Coinbase", "BTC", "USD");
        SimulatorConfig.Builder config = SimulatorConfig.builder().tradesPerMarket(5)
                .historyBudget(new TradeHistory.Budget(1, Duration.ofMinutes(1)));
        try (SimulatorServer server = start(Coinbase.EXCHANGE_FEED, config)) {
            tradesOf(server, market, 5);
            URI page = history.page(server.historyUri(), market, Optional.empty(), 10);

            assertThat(get(page).statusCode()).isEqualTo(200);
            assertThat(get(page).statusCode()).isEqualTo(429);
        }
    }

    @Test
    void trades_kept_off_the_socket_leave_a_gap_there_and_are_in_the_history() throws Exception {
        Market market = new Market("Binance", "BTC", "USDT");
        TradeHistory history = TradeHistories.of(Binance.SPOT);
        int trades = 30;
        try (SimulatorServer server = start(Binance.SPOT, SimulatorConfig.builder().tradesPerMarket(trades));
             WebSocketTestClient client = WebSocketTestClient.connect(server.uri())) {
            server.dropEveryKthTradeOnSocket(10);
            client.send(BinanceSubscriptions.subscribe(List.of(market)));
            BinanceCodec codec = new BinanceCodec(BinanceVenue.SPOT);
            assertThat(codec.decode(client.next(WAIT).text(), Instant.now())).isInstanceOf(FeedEvent.Subscribed.class);
            List<Trade> onSocket = new ArrayList<>();
            while (onSocket.size() < trades - 3) {
                onSocket.addAll(((FeedEvent.Trades) codec.decode(client.next(WAIT).text(), Instant.now())).trades());
            }
            List<Trade> emitted = tradesOf(server, market, trades);

            HttpResponse<String> response = get(history.page(server.historyUri(), market,
                    Optional.of(emitted.get(0).tradeId()), history.maxPageSize()));
            List<Trade> inHistory = asEmitted(history.codec().decode(market, response.body(), Instant.now())
                    .tradesOrThrow());

            List<Trade> dropped = List.of(emitted.get(9), emitted.get(19), emitted.get(29));
            assertThat(server.tradesDroppedOnSocket()).containsExactlyElementsOf(dropped);
            assertThat(asEmitted(onSocket)).doesNotContainAnyElementsOf(dropped)
                    .containsExactlyElementsOf(emitted.stream().filter(t -> !dropped.contains(t)).toList());
            assertThat(inHistory).containsExactlyElementsOf(emitted);
        }
    }

    @Test
    void the_history_keeps_the_latest_trades_of_a_market_and_answers_gone_for_older_ones() throws Exception {
        int depth = 20;
        for (Venue venue : List.of(Binance.SPOT, Kraken.VENUE)) {
            TradeHistory history = TradeHistories.of(venue);
            Market market = venue.markets(venue.defaultMarkets()).get(0);
            try (SimulatorServer server = start(venue, SimulatorConfig.builder().tradesPerMarket(TRADES)
                    .historyDepth(depth))) {
                List<Trade> emitted = tradesOf(server, market, TRADES);
                List<Trade> kept = emitted.subList(TRADES - depth, TRADES);

                HttpResponse<String> older = get(history.page(server.historyUri(), market,
                        cursorFrom(history, emitted, 0), PAGE));
                HttpResponse<String> recent = get(history.page(server.historyUri(), market,
                        cursorFrom(history, emitted, TRADES - depth), PAGE));

                assertThat(older.statusCode()).as(venue + ": " + older.body()).isEqualTo(410);
                assertThat(older.body()).contains("keeps the latest " + depth + " trades");
                assertThat(recent.statusCode()).as(venue + ": " + recent.body()).isEqualTo(200);
                assertThat(asEmitted(history.codec().decode(market, recent.body(), Instant.now()).tradesOrThrow()))
                        .as(venue.name()).containsExactlyElementsOf(kept);
            }
        }
    }

    /** The cursor that walks from the {@code index}th emitted trade on (Binance inclusive, Kraken after a time). */
    private static Optional<String> cursorFrom(TradeHistory history, List<Trade> emitted, int index) {
        return Optional.of(history.paging() == TradeHistory.Paging.BY_ID ? emitted.get(index).tradeId()
                : history.timeCursor(emitted.get(index).eventTime().minusNanos(1_000), Instant.now()).orElseThrow());
    }

    /** Where a client starts walking: Binance from the first id, Kraken from time 0, Bitstamp the last hour. */
    private static Optional<String> firstCursor(TradeHistory history, List<Trade> emitted) {
        return switch (history.paging()) {
            case BY_ID -> Optional.of(emitted.get(0).tradeId());
            case BY_CURSOR -> Optional.empty();
            case BY_TIME_CURSOR -> Optional.of("0");
            case BY_TIME_WINDOW -> Optional.of("hour");
            case NONE -> throw new IllegalArgumentException("no history");
        };
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** In id order, received when they happened, as the simulator records its trades. */
    private static List<Trade> asEmitted(List<Trade> trades) {
        return trades.stream()
                .sorted(Comparator.comparingLong(t -> Long.parseLong(t.tradeId())))
                .map(t -> Trade.of(t.market(), t.side(), t.price(), t.quantity(), t.tradeId(), t.eventTime(),
                        t.eventTime()))
                .toList();
    }

    private static List<Trade> wholeSeconds(List<Trade> trades) {
        return trades.stream().map(t -> {
            Instant second = t.eventTime().truncatedTo(ChronoUnit.SECONDS);
            return Trade.of(t.market(), t.side(), t.price(), t.quantity(), t.tradeId(), second, second);
        }).toList();
    }
}
