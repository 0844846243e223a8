package io.cryptostream.spark;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.fixtures.Fixtures;
import io.cryptostream.store.Candle;
import io.cryptostream.store.CandleInterval;
import io.cryptostream.store.CandleRollup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Candles of every interval rolled up from 1-minute candles equal the candles computed straight from the trades,
 * over real Binance tapes: spot XRP-ETH over two and a half days (a thin market, so many minutes and hours are
 * empty), and spot and USD-M BTC-USDT over ten busy minutes.
 */
class CandleRollupTest {

    private static final Instant THIN_END = Instant.parse("2019-10-15T00:00:00Z");
    private static final Instant BUSY_END = Instant.parse("2024-08-09T00:10:00Z");
    private static final Comparator<Candle> ORDER = Comparator.comparing(Candle::exchange)
            .thenComparing(Candle::base).thenComparing(Candle::quote).thenComparing(Candle::windowStart);

    private static List<Trade> thin;
    private static List<Trade> busy;
    private static List<Trade> trades;

    @BeforeAll
    static void readTapes() {
        thin = xrpEth();
        busy = new ArrayList<>(btcUsdt(new Market("Binance", "BTC", "USDT"),
                "binance_spot_BTCUSDT_trades_20240808T235415_20240809T000506.derived.csv"));
        busy.addAll(btcUsdt(new Market("BinanceFutures", "BTC", "USDT"),
                "binance_usdm_BTCUSDT_trades_20240808T235416_235959.derived.csv"));
        trades = new ArrayList<>(thin);
        trades.addAll(busy);
    }

    @ParameterizedTest
    @EnumSource(CandleInterval.class)
    void rolledUpCandlesEqualCandlesComputedFromTheTrades(CandleInterval interval) {
        List<Candle> rolled = CandleRollup.rollUp(ReferenceAggregation.ofOneBatch(trades).candles(), interval);

        assertThat(sorted(rolled)).isEqualTo(rolled.stream().sorted(ORDER).toList())
                .isEqualTo(sorted(ReferenceAggregation.ofOneBatch(trades, interval.length()).candles()));
    }

    @ParameterizedTest
    @EnumSource(CandleInterval.class)
    void filledCandlesCarryThePreviousCloseThroughEmptyIntervals(CandleInterval interval) {
        assertFilledCandlesEqualTheTrades(thin, interval, THIN_END);
        assertFilledCandlesEqualTheTrades(busy, interval, BUSY_END);
    }

    private static void assertFilledCandlesEqualTheTrades(List<Trade> tape, CandleInterval interval, Instant end) {
        List<Candle> rolled = CandleRollup.rollUp(ReferenceAggregation.ofOneBatch(tape).candles(), interval);

        List<Candle> filled = CandleRollup.filled(rolled, interval, end);

        assertThat(sorted(filled))
                .isEqualTo(sorted(ReferenceAggregation.ofOneBatch(tape, interval.length()).filledCandles(end)))
                .anySatisfy(empty -> assertThat(empty.trades()).isZero());
    }

    private static List<Candle> sorted(List<Candle> candles) {
        return candles.stream().sorted(ORDER).toList();
    }

    /** timestamp_ms,agg_trade_id,taker_side,price,amount */
    private static List<Trade> xrpEth() {
        Market market = new Market("Binance", "XRP", "ETH");
        return Fixtures.lines("tapes/freqtrade_binance_XRPETH/XRP_ETH-trades.derived.csv").stream().skip(1)
                .map(line -> line.split(","))
                .map(cells -> trade(market, cells[2], cells[3], cells[4], cells[1], cells[0])).toList();
    }

    /** trade_id,trade_time_ms,price,qty,is_buyer_maker,taker_side,local_recv_ns */
    private static List<Trade> btcUsdt(Market market, String file) {
        return Fixtures.lines("tapes/hftbacktest_binance_BTCUSDT/" + file).stream().skip(1).map(line -> line.split(","))
                .map(cells -> trade(market, cells[5], cells[2], cells[3], cells[0], cells[1])).toList();
    }

    private static Trade trade(Market market, String side, String price, String quantity, String id, String millis) {
        Instant at = Instant.ofEpochMilli(Long.parseLong(millis));
        return Trade.of(market, TakerSide.valueOf(side.toUpperCase(Locale.ROOT)), new BigDecimal(price),
                new BigDecimal(quantity), id, at, at);
    }
}
