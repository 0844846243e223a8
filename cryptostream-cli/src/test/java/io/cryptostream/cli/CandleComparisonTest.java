package io.cryptostream.cli;

import io.cryptostream.exchange.VenueCandle;
import io.cryptostream.store.Candle;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class CandleComparisonTest {

    private static final Instant T0 = Instant.parse("2026-11-21T05:33:00Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final Instant T2 = T0.plusSeconds(120);

    @Test
    void equal_candles_differ_in_nothing_whatever_their_scale() {
        assertThat(CandleComparison.differences(List.of(stored(T0, "100.0", "1.50", 3)),
                List.of(venue(T0, "100", "1.5", OptionalLong.of(3))), "Binance")).isEmpty();
    }

    @Test
    void a_venue_minute_without_volume_is_its_filler_not_a_missing_candle() {
        assertThat(CandleComparison.differences(List.of(), List.of(venue(T0, "100", "0", OptionalLong.of(0))), "Kraken"))
                .isEmpty();
    }

    @Test
    void each_kind_of_difference_names_its_fields_both_values_and_a_likely_reason() {
        List<CandleComparison.MinuteDifference> differences = CandleComparison.differences(
                List.of(stored(T0, "100", "1.5", 3), stored(T1, "100", "1", 2), stored(T2, "100", "2", 4)),
                List.of(venue(T0, "101", "1.5", OptionalLong.of(3)), venue(T2, "100", "2.5", OptionalLong.of(5)),
                        venue(T2.plusSeconds(60), "100", "1", OptionalLong.of(1))), "Binance");

        assertThat(differences).extracting(CandleComparison.MinuteDifference::minute)
                .containsExactly(T0, T1, T2, T2.plusSeconds(60));
        assertThat(differences.get(0).kind()).isEqualTo(CandleComparison.Kind.VALUES);
        assertThat(differences.get(0).fields()).containsExactly(
                new CandleComparison.FieldDifference("high", "100", "101"),
                new CandleComparison.FieldDifference("close", "100", "101"));
        assertThat(differences.get(0).reason()).startsWith("the same trades, different values");
        assertThat(differences.get(1).kind()).isEqualTo(CandleComparison.Kind.MISSING_AT_VENUE);
        assertThat(differences.get(1).reason()).contains("Binance's candle is missing");
        assertThat(differences.get(2).fields()).extracting(CandleComparison.FieldDifference::field)
                .containsExactly("volume", "trades");
        assertThat(differences.get(2).reason()).startsWith("fewer trades in Cassandra").contains("unfilled gap");
        assertThat(differences.get(3).kind()).isEqualTo(CandleComparison.Kind.MISSING_IN_CASSANDRA);
        assertThat(differences.get(3).fields()).contains(new CandleComparison.FieldDifference("trades", "-", "1"));
    }

    @Test
    void without_a_venue_trade_count_more_volume_in_cassandra_points_at_trades_the_venue_leaves_out() {
        List<CandleComparison.MinuteDifference> differences = CandleComparison.differences(
                List.of(stored(T0, "100", "2", 4)), List.of(venue(T0, "100", "1.5", OptionalLong.empty())), "Coinbase");

        assertThat(differences).singleElement().satisfies(d -> {
            assertThat(d.fields()).containsExactly(new CandleComparison.FieldDifference("volume", "2", "1.5"));
            assertThat(d.reason()).startsWith("more volume in Cassandra than at Coinbase").contains("leaves out");
        });
    }

    /** One price all minute, so open = high = low = close. */
    private static Candle stored(Instant minute, String close, String volume, long trades) {
        BigDecimal price = new BigDecimal("100");
        BigDecimal v = new BigDecimal(volume);
        return new Candle("Binance", "BTC", "USDT", minute, minute.plusSeconds(60), price, price.max(new BigDecimal(close)),
                price.min(new BigDecimal(close)), new BigDecimal(close), v, v.multiply(price), trades, v, BigDecimal.ZERO, price);
    }

    private static VenueCandle venue(Instant minute, String close, String volume, OptionalLong trades) {
        BigDecimal price = new BigDecimal("100");
        return new VenueCandle(minute, price, price.max(new BigDecimal(close)), price.min(new BigDecimal(close)),
                new BigDecimal(close), new BigDecimal(volume), trades);
    }
}
