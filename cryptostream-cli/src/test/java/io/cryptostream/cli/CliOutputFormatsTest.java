package io.cryptostream.cli;

import io.cryptostream.store.Candle;
import io.cryptostream.store.CandleInterval;
import io.cryptostream.store.CandleRollup;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CliOutputFormatsTest {

    private final Candle candle = new Candle("Binance", "BTC", "USDT", Instant.parse("2024-08-08T23:55:00Z"),
            Instant.parse("2024-08-08T23:56:00Z"), new BigDecimal("61837.63000000"), new BigDecimal("61850.00"),
            new BigDecimal("61800.3"), new BigDecimal("61811.11"), new BigDecimal("1.50000000"),
            new BigDecimal("92741.2345"), 42, new BigDecimal("1.2"), new BigDecimal("0.3"), new BigDecimal("61827.4896666"));

    @Test
    void csvHasTheDocumentedHeaderAndExactDigits() {
        assertThat(CandlesCommand.csv(List.of(candle))).isEqualTo("""
                window_start,open,high,low,close,volume,quote_volume,trades,buy_volume,sell_volume,vwap
                2024-08-08T23:55:00Z,61837.63,61850,61800.3,61811.11,1.5,92741.2345,42,1.2,0.3,61827.4896666
                """);
    }

    @Test
    void jsonKeepsDecimalsAsStrings() {
        assertThat(CandlesCommand.json(List.of(candle))).contains("\"open\":\"61837.63\"", "\"trades\":42",
                "\"window_start\":\"2024-08-08T23:55:00Z\"");
        assertThat(CandlesCommand.json(List.of())).isEqualTo("[]\n");
    }

    @Test
    void anIntervalWithoutTradesHasNoVwap() {
        Candle empty = CandleRollup.filled(List.of(candle), CandleInterval.MINUTE, candle.windowEnd().plusSeconds(60)).get(1);

        assertThat(CandlesCommand.csv(List.of(empty))).endsWith("\n2024-08-08T23:56:00Z,61811.11,61811.11,61811.11,61811.11,0,0,0,0,0,\n");
        assertThat(CandlesCommand.json(List.of(empty))).contains("\"trades\":0", "\"vwap\":null");
    }

    @Test
    void acceptsIsoInstantsWithOrWithoutSecondsOrZoneAndDates() {
        assertThat(CandlesCommand.instant("2024-08-08T23:55:00Z", "--from")).isEqualTo(Instant.parse("2024-08-08T23:55:00Z"));
        assertThat(CandlesCommand.instant("2024-08-08T23:55", "--from")).isEqualTo(Instant.parse("2024-08-08T23:55:00Z"));
        assertThat(CandlesCommand.instant("2024-08-08T23:55Z", "--from")).isEqualTo(Instant.parse("2024-08-08T23:55:00Z"));
        assertThat(CandlesCommand.instant("2024-08-09T01:55+02:00", "--from")).isEqualTo(Instant.parse("2024-08-08T23:55:00Z"));
        assertThat(CandlesCommand.instant("2024-08-08", "--from")).isEqualTo(Instant.parse("2024-08-08T00:00:00Z"));
        assertThatThrownBy(() -> CandlesCommand.instant("yesterday", "--to")).hasMessageContaining("--to must be ISO-8601");
        assertThatThrownBy(() -> CandlesCommand.market("Binance", "BTCUSDT")).hasMessageContaining("BASE-QUOTE");
        assertThat(CandlesCommand.market("Binance", "btc-usdt").symbol()).isEqualTo("BTC-USDT");
    }

    @Test
    void tablesAlignAndRightAlignNumbers() {
        String table = new TextTable(List.of("market", "trades")).add(List.of("Coinbase", "7")).add(List.of("Kraken", "1234")).render();
        assertThat(table).isEqualTo("""
                market    trades
                --------  ------
                Coinbase       7
                Kraken      1234
                """);
    }

    @Test
    void theApiKeyIsNeverAnOption() {
        CommandOutput result = CommandOutput.run("run", "--api-key", "secret-value");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains("Unknown option").contains("--api-key-file");
    }

    @Test
    void theCryptoCompareSourceWithoutAKeyExplainsWhereToPutIt() {
        CommandOutput result = CommandOutput.run("run", "--mode", "memory", "--source", "cryptocompare", "--timeout", "1",
                "--work-dir", "target/no-key-test");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("CRYPTOCOMPARE_API_KEY").contains("--api-key-file");
    }
}
