package io.cryptostream.exchange;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.exchange.binance.Binance;
import io.cryptostream.exchange.bitstamp.Bitstamp;
import io.cryptostream.exchange.coinbase.Coinbase;
import io.cryptostream.exchange.cryptocompare.CryptoCompare;
import io.cryptostream.exchange.kraken.Kraken;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.feed.FrameWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each venue's REST history codec reads a page into the same trades its WebSocket codec reads from the same trades'
 * frames, reads the venue's documented example, and answers a clear failure for anything else.
 */
class TradeHistoryTest {

    private static final Instant EVENT = Instant.parse("2026-11-21T05:33:12.123456789Z");
    private static final Instant RECEIVED = Instant.parse("2026-11-21T05:33:13Z");

    static List<Venue> venuesWithHistory() {
        return Venues.all().stream().filter(venue -> TradeHistories.of(venue).available()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venuesWithHistory")
    void a_history_page_reads_as_the_websocket_codec_reads_the_same_trades(Venue venue) {
        TradeHistory history = TradeHistories.of(venue);
        FrameWriter frames = venue.frames().get();
        ExchangeCodec socket = venue.codec().get();
        Market market = venue.markets(venue.defaultMarkets()).get(0);
        List<Trade> reported = trades(market).stream().map(frames::asReported).toList();
        List<Trade> fromSocket = new ArrayList<>();
        for (Trade trade : reported) {
            fromSocket.addAll(((FeedEvent.Trades) socket.decode(frames.tradeFrame(trade), RECEIVED)).trades());
        }

        HistoryPage page = history.codec().decode(market, history.writer().body(market, reported, "0"), RECEIVED);

        List<Trade> expected = venue == Bitstamp.VENUE ? toWholeSeconds(fromSocket) : fromSocket;
        assertThat(page).isInstanceOf(HistoryPage.Trades.class);
        assertThat(page.tradesOrThrow()).containsExactlyElementsOf(expected);
    }

    @Test
    void binance_spot_reads_its_documented_example_and_pages_from_the_next_id() {
        String body = """
                [{"id":28457,"price":"4.00000100","qty":"12.00000000","quoteQty":"48.000012","time":1499865549590,\
                "isBuyerMaker":true,"isBestMatch":true}]""";
        Market market = new Market("Binance", "BNB", "BTC");

        HistoryPage page = TradeHistories.of(Binance.SPOT).codec().decode(market, body, RECEIVED);

        assertThat(page).isEqualTo(new HistoryPage.Trades(List.of(Trade.of(market, TakerSide.SELL,
                new BigDecimal("4.00000100"), new BigDecimal("12.00000000"), "28457",
                Instant.ofEpochMilli(1499865549590L), RECEIVED)), Optional.of("28458")));
    }

    @Test
    void coinbase_reads_the_maker_side_as_the_opposite_taker_and_pages_after_the_oldest_id() {
        String body = """
                [{"time":"2026-11-21T05:33:12.500000Z","trade_id":75,"price":"10.00000000","size":"0.01000000","side":"buy"},
                 {"time":"2026-11-21T05:33:12.123456Z","trade_id":74,"price":"10.10000000","size":"0.02000000","side":"sell"}]""";
        Market market = new Market("Coinbase", "BTC", "USD");

        HistoryPage page = TradeHistories.of(Coinbase.EXCHANGE_FEED).codec().decode(market, body, RECEIVED);

        assertThat(page).isEqualTo(new HistoryPage.Trades(List.of(
                Trade.of(market, TakerSide.BUY, new BigDecimal("10.10000000"), new BigDecimal("0.02000000"), "74",
                        Instant.parse("2026-11-21T05:33:12.123456Z"), RECEIVED),
                Trade.of(market, TakerSide.SELL, new BigDecimal("10.00000000"), new BigDecimal("0.01000000"), "75",
                        Instant.parse("2026-11-21T05:33:12.500000Z"), RECEIVED)), Optional.of("74")));
    }

    @Test
    void kraken_reads_its_documented_example_and_pages_from_last() {
        String body = """
                {"error":[],"result":{"XXBTZUSD":[["30243.40000","0.34507674",1688669597.8277369,"b","m","",61044952],
                ["30243.30000","0.00376960",1688669598.2804112,"s","l","",61044953]],"last":"1688671969993150842"}}""";
        Market market = new Market("Kraken", "BTC", "USD");

        HistoryPage page = TradeHistories.of(Kraken.VENUE).codec().decode(market, body, RECEIVED);

        assertThat(page).isEqualTo(new HistoryPage.Trades(List.of(
                Trade.of(market, TakerSide.BUY, new BigDecimal("30243.40000"), new BigDecimal("0.34507674"), "61044952",
                        Instant.ofEpochSecond(1688669597L, 827736900L), RECEIVED),
                Trade.of(market, TakerSide.SELL, new BigDecimal("30243.30000"), new BigDecimal("0.00376960"), "61044953",
                        Instant.ofEpochSecond(1688669598L, 280411200L), RECEIVED)),
                Optional.of("1688671969993150842")));
    }

    @Test
    void bitstamp_reads_its_documented_fields_oldest_first_without_a_next_page() {
        String body = """
                [{"date":"1700000001","tid":"305000002","price":"37000.5","amount":"0.01","type":"1"},
                 {"date":"1700000000","tid":"305000001","price":"37000","amount":"0.02000000","type":"0"}]""";
        Market market = new Market("Bitstamp", "BTC", "USD");

        HistoryPage page = TradeHistories.of(Bitstamp.VENUE).codec().decode(market, body, RECEIVED);

        assertThat(page).isEqualTo(new HistoryPage.Trades(List.of(
                Trade.of(market, TakerSide.BUY, new BigDecimal("37000"), new BigDecimal("0.02000000"), "305000001",
                        Instant.ofEpochSecond(1700000000L), RECEIVED),
                Trade.of(market, TakerSide.SELL, new BigDecimal("37000.5"), new BigDecimal("0.01"), "305000002",
                        Instant.ofEpochSecond(1700000001L), RECEIVED)), Optional.empty()));
    }

    static List<Object[]> damagedBodies() {
        return List.of(
                new Object[]{Binance.SPOT, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", "error -1121: Invalid symbol."},
                new Object[]{Binance.SPOT, "[{\"id\":\"x\",\"price\":\"1\",\"qty\":\"1\",\"time\":1,\"isBuyerMaker\":true}]", "id or time"},
                new Object[]{Binance.USDM_FUTURES, "[{\"id\":1,\"price\":\"1\",\"qty\":\"1\",\"time\":1,\"isBuyerMaker\":\"yes\"}]", "isBuyerMaker"},
                new Object[]{Binance.SPOT, "[{\"id\":1,\"price\":\"-1\",\"qty\":\"1\",\"time\":1,\"isBuyerMaker\":true}]", "price must be positive"},
                new Object[]{Coinbase.EXCHANGE_FEED, "{\"message\":\"NotFound\"}", "NotFound"},
                new Object[]{Coinbase.EXCHANGE_FEED, "[{\"time\":\"yesterday\",\"trade_id\":1,\"price\":\"1\",\"size\":\"1\",\"side\":\"buy\"}]", "trade 0"},
                new Object[]{Coinbase.EXCHANGE_FEED, "[{\"time\":\"2026-11-21T05:33:12Z\",\"trade_id\":1,\"price\":\"1\",\"size\":\"1\",\"side\":\"up\"}]", "neither buy nor sell"},
                new Object[]{Kraken.VENUE, "{\"error\":[\"EQuery:Unknown asset pair\"]}", "EQuery:Unknown asset pair"},
                new Object[]{Kraken.VENUE, "{\"error\":[],\"result\":{\"XXBTZUSD\":[[\"1\",\"1\",1.5,\"x\",\"l\",\"\",1]],\"last\":\"1\"}}", "neither b nor s"},
                new Object[]{Kraken.VENUE, "{\"error\":[],\"result\":{\"XXBTZUSD\":[[\"1\",\"1\",1.5]],\"last\":\"1\"}}", "7 fields"},
                new Object[]{Bitstamp.VENUE, "{\"status\":\"error\",\"reason\":\"Invalid pair\"}", "Invalid pair"},
                new Object[]{Bitstamp.VENUE, "[{\"date\":\"soon\",\"tid\":\"1\",\"price\":\"1\",\"amount\":\"1\",\"type\":\"0\"}]", "whole seconds"},
                new Object[]{Bitstamp.VENUE, "[{\"date\":\"1\",\"tid\":\"1\",\"price\":\"1\",\"type\":\"0\"}]", "no amount"},
                new Object[]{Binance.SPOT, "[{\"id\":1", "not JSON"},
                new Object[]{Kraken.VENUE, "", "empty body"});
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("damagedBodies")
    void a_body_that_is_no_page_of_trades_fails_with_the_reason_and_never_throws(Venue venue, String body, String reason) {
        Market market = venue.markets(venue.defaultMarkets()).get(0);
        assertThatCode(() -> TradeHistories.of(venue).codec().decode(market, body, RECEIVED)).doesNotThrowAnyException();

        HistoryPage page = TradeHistories.of(venue).codec().decode(market, body, RECEIVED);

        assertThat(page).isInstanceOf(HistoryPage.Failed.class);
        assertThat(((HistoryPage.Failed) page).reason()).contains(reason);
    }

    @Test
    void page_requests_name_the_market_the_limit_and_the_cursor_as_each_venue_wants() {
        TradeHistory binance = TradeHistories.of(Binance.SPOT);
        assertThat(binance.page(binance.host(), new Market("Binance", "BTC", "USDT"), Optional.of("216000477"), 1000))
                .isEqualTo(URI.create(
                "https://api.binance.com/api/v3/historicalTrades?symbol=BTCUSDT&limit=1000&fromId=216000477"));
        TradeHistory coinbase = TradeHistories.of(Coinbase.EXCHANGE_FEED);
        assertThat(coinbase.page(coinbase.host(), new Market("Coinbase", "BTC", "USD"), Optional.of("74"), 100))
                .isEqualTo(URI.create("https://api.exchange.coinbase.com/products/BTC-USD/trades?limit=100&after=74"));
        TradeHistory kraken = TradeHistories.of(Kraken.VENUE);
        assertThat(kraken.page(kraken.host(), new Market("Kraken", "BTC", "USD"), Optional.of("1688671969993150842"), 1000))
                .isEqualTo(URI.create("https://api.kraken.com/0/public/Trades?pair=XBTUSD&count=1000&since=1688671969993150842"));
        TradeHistory bitstamp = TradeHistories.of(Bitstamp.VENUE);
        assertThat(bitstamp.page(bitstamp.host(), new Market("Bitstamp", "BTC", "USD"), Optional.of("minute"), 1))
                .isEqualTo(URI.create("https://www.bitstamp.net/api/v2/transactions/btcusd/?time=minute"));
    }

    @Test
    void a_history_asked_by_time_writes_a_time_as_its_cursor_and_those_asked_by_id_have_none() {
        Instant time = Instant.parse("2023-07-06T19:32:49.993150842Z");
        TradeHistory bitstamp = TradeHistories.of(Bitstamp.VENUE);

        assertThat(TradeHistories.of(Kraken.VENUE).timeCursor(time, time.plus(Duration.ofDays(30))))
                .contains("1688671969993150842");
        assertThat(bitstamp.timeCursor(time, time.plusSeconds(30))).contains("minute");
        assertThat(bitstamp.timeCursor(time, time.plus(Duration.ofMinutes(59)))).contains("hour");
        assertThat(bitstamp.timeCursor(time, time.plus(Duration.ofHours(23)))).contains("day");
        assertThat(bitstamp.timeCursor(time, time.plus(Duration.ofDays(1)))).isEmpty();
        assertThatThrownBy(() -> TradeHistories.of(Binance.SPOT).timeCursor(time, time))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("BY_ID");
    }

    @Test
    void only_binance_usdm_history_takes_an_api_key_and_says_in_which_header() {
        assertThat(TradeHistories.of(Binance.USDM_FUTURES).keyHeader()).contains("X-MBX-APIKEY");
        assertThat(venuesWithHistory().stream().filter(venue -> TradeHistories.of(venue).needsApiKey()))
                .containsExactly(Binance.USDM_FUTURES);
    }

    @Test
    void cryptocompare_has_no_trade_history() {
        TradeHistory history = TradeHistories.of(CryptoCompare.VENUE);

        assertThat(history.available()).isFalse();
        assertThat(history.paging()).isEqualTo(TradeHistory.Paging.NONE);
        assertThat(history.codec().decode(new Market("Coinbase", "BTC", "USD"), "[]", RECEIVED))
                .isEqualTo(new HistoryPage.Failed("CryptoCompare has no REST trade history"));
    }

    private static List<Trade> trades(Market market) {
        List<Trade> trades = new ArrayList<>();
        String[][] amounts = {{"61837.63", "0.02"}, {"0.000012345678", "1500000"}, {"3805", "0.00000001"}};
        long id = 216_000_477;
        for (TakerSide side : TakerSide.values()) {
            for (String[] amount : amounts) {
                trades.add(Trade.of(market, side, new BigDecimal(amount[0]), new BigDecimal(amount[1]),
                        Long.toString(id), EVENT.plusMillis(id % 1000), RECEIVED));
                id++;
            }
        }
        return trades;
    }

    private static List<Trade> toWholeSeconds(List<Trade> trades) {
        return trades.stream().map(t -> Trade.of(t.market(), t.side(), t.price(), t.quantity(), t.tradeId(),
                t.eventTime().truncatedTo(ChronoUnit.SECONDS), t.receiveTime())).toList();
    }
}
