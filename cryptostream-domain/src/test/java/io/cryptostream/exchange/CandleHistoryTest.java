package io.cryptostream.exchange;

import io.cryptostream.domain.Market;
import io.cryptostream.exchange.binance.Binance;
import io.cryptostream.exchange.bitstamp.Bitstamp;
import io.cryptostream.exchange.coinbase.Coinbase;
import io.cryptostream.exchange.kraken.Kraken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each venue's REST candle codec reads back what its writer wrote, reads the venue's documented example, answers a
 * clear failure for anything else, and each description asks for exactly the minutes of a range.
 */
class CandleHistoryTest {

    private static final Instant MINUTE = Instant.parse("2026-11-21T05:33:00Z");

    static List<Venue> venuesWithCandles() {
        return Venues.all().stream().filter(venue -> CandleHistories.of(venue).available()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venuesWithCandles")
    void written_candles_read_back_oldest_first_exactly(Venue venue) {
        CandleHistory candles = CandleHistories.of(venue);
        Market market = venue.markets(venue.defaultMarkets()).get(0);
        List<VenueCandle> written = List.of(
                candle(MINUTE, "59885.93", "59911.56", "58658.2", "59298.50", "7.60169886", 591, candles.countsTrades()),
                candle(MINUTE.plusSeconds(60), "59298.5", "59300", "59000.01", "59001", "0.00000001", 1, candles.countsTrades()));

        CandlePage page = candles.codec().decode(candles.writer().body(market, written));

        assertThat(page).isEqualTo(new CandlePage.Candles(written));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venuesWithCandles")
    void damaged_or_foreign_bodies_are_a_one_line_failure_never_an_exception(Venue venue) {
        CandleCodec codec = CandleHistories.of(venue).codec();
        for (String body : List.of("", "{", "[[1,2]]", "{\"data\":{\"ohlc\":[{\"timestamp\":\"x\"}]}}",
                "{\"error\":[],\"result\":{\"XXBTZUSD\":[[1,\"a\"]]}}", "\"text\"", "[[\"t\",\"1\",\"1\",\"1\",\"1\",\"1\",0,\"0\",1]]")) {
            CandlePage page = codec.decode(body);
            assertThat(page).as(body).isInstanceOf(CandlePage.Failed.class);
            assertThat(((CandlePage.Failed) page).reason()).as(body).doesNotContain("\n").isNotBlank();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venuesWithCandles")
    void a_request_asks_for_the_range_just_before_its_first_minute_and_not_past_its_last(Venue venue) {
        CandleHistory candles = CandleHistories.of(venue);
        Market market = venue.markets(venue.defaultMarkets()).get(0);
        URI base = URI.create("http://127.0.0.1:9999");

        URI request = candles.request(base, market, MINUTE, MINUTE.plusSeconds(600));

        assertThat(request.getPath()).isEqualTo(candles.path(market));
        assertThat(request.getQuery()).contains(candles.startParameter() + "="
                + candles.timeFormat().write(MINUTE.minusSeconds(1)));
        candles.endParameter().ifPresent(end -> assertThat(request.getQuery())
                .contains(end + "=" + candles.timeFormat().write(MINUTE.plusSeconds(599))));
        candles.limitParameter().ifPresent(limit -> assertThat(request.getQuery()).contains(limit + "=10"));
        candles.fixedParameters().forEach((name, value) -> assertThat(request.getQuery()).contains(name + "=" + value));
        assertThatThrownBy(() -> candles.request(base, market, MINUTE,
                MINUTE.plusSeconds(60L * (candles.maxCandles() + 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.." + candles.maxCandles());
    }

    @Test
    void binance_documented_kline_reads_with_its_trade_count() {
        String body = "[[1499040000000,\"0.01634790\",\"0.80000000\",\"0.01575800\",\"0.01577100\",\"148976.11427815\","
                + "1499644799999,\"2434.19055334\",308,\"1756.87402397\",\"28.46694368\",\"0\"]]";
        assertThat(CandleHistories.of(Binance.SPOT).codec().decode(body)).isEqualTo(new CandlePage.Candles(List.of(
                new VenueCandle(Instant.ofEpochMilli(1499040000000L), new BigDecimal("0.0163479"), new BigDecimal("0.8"),
                        new BigDecimal("0.015758"), new BigDecimal("0.015771"), new BigDecimal("148976.11427815"),
                        OptionalLong.of(308)))));
        assertThat(CandleHistories.of(Binance.USDM_FUTURES).codec().decode("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}"))
                .isEqualTo(new CandlePage.Failed("BinanceFutures answered error -1121: Invalid symbol."));
    }

    @Test
    void coinbase_documented_candles_read_in_their_low_high_open_close_order_newest_first() {
        String body = "[[1415398800,0.32,4.2,0.35,4.2,12.3],[1415398740,0.3,0.4,0.31,0.33,1.5]]";
        CandlePage page = CandleHistories.of(Coinbase.EXCHANGE_FEED).codec().decode(body);
        assertThat(page).isEqualTo(new CandlePage.Candles(List.of(
                new VenueCandle(Instant.ofEpochSecond(1415398740), new BigDecimal("0.31"), new BigDecimal("0.4"),
                        new BigDecimal("0.3"), new BigDecimal("0.33"), new BigDecimal("1.5"), OptionalLong.empty()),
                new VenueCandle(Instant.ofEpochSecond(1415398800), new BigDecimal("0.35"), new BigDecimal("4.2"),
                        new BigDecimal("0.32"), new BigDecimal("4.2"), new BigDecimal("12.3"), OptionalLong.empty()))));
        assertThat(CandleHistories.of(Coinbase.EXCHANGE_FEED).codec().decode("{\"message\":\"NotFound\"}"))
                .isEqualTo(new CandlePage.Failed("Coinbase answered: NotFound"));
    }

    @Test
    void kraken_documented_ohlc_reads_volume_not_vwap_and_its_count() {
        String body = "{\"error\":[],\"result\":{\"XXBTZUSD\":[[1700000000,\"37000.0\",\"37500.0\",\"36800.0\","
                + "\"37200.0\",\"37100.0\",\"150.5\",320]],\"last\":1700000000}}";
        assertThat(CandleHistories.of(Kraken.VENUE).codec().decode(body)).isEqualTo(new CandlePage.Candles(List.of(
                new VenueCandle(Instant.ofEpochSecond(1700000000), new BigDecimal("37000"), new BigDecimal("37500"),
                        new BigDecimal("36800"), new BigDecimal("37200"), new BigDecimal("150.5"), OptionalLong.of(320)))));
        assertThat(CandleHistories.of(Kraken.VENUE).codec().decode("{\"error\":[\"EQuery:Unknown asset pair\"]}"))
                .isEqualTo(new CandlePage.Failed("Kraken answered [\"EQuery:Unknown asset pair\"]"));
    }

    @Test
    void bitstamp_ohlc_reads_its_string_fields() {
        String body = "{\"data\":{\"pair\":\"BTC/USD\",\"ohlc\":[{\"close\":\"37010\",\"high\":\"37020\",\"low\":\"36990\","
                + "\"open\":\"37000\",\"timestamp\":\"1700000040\",\"volume\":\"0.52000000\"}]}}";
        assertThat(CandleHistories.of(Bitstamp.VENUE).codec().decode(body)).isEqualTo(new CandlePage.Candles(List.of(
                new VenueCandle(Instant.ofEpochSecond(1700000040), new BigDecimal("37000"), new BigDecimal("37020"),
                        new BigDecimal("36990"), new BigDecimal("37010"), new BigDecimal("0.52"), OptionalLong.empty()))));
    }

    @Test
    void venues_without_candles_describe_none() {
        assertThat(Venues.all().stream().filter(venue -> !CandleHistories.of(venue).available()).map(Venue::name))
                .containsExactlyInAnyOrder("cryptocompare", "coinbase-advanced");
        assertThat(Map.of("binance", 1000, "binance-futures", 1500, "coinbase", 300, "kraken", 720, "bitstamp", 1000))
                .allSatisfy((name, max) -> assertThat(CandleHistories.of(Venues.named(name)).maxCandles()).isEqualTo(max));
    }

    private static VenueCandle candle(Instant open, String o, String h, String l, String c, String v, long trades,
                                      boolean counted) {
        return new VenueCandle(open, new BigDecimal(o), new BigDecimal(h), new BigDecimal(l), new BigDecimal(c),
                new BigDecimal(v), counted ? OptionalLong.of(trades) : OptionalLong.empty());
    }
}
