package io.cryptostream.cli;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The status line reads two scrapes of /metrics (in the format IngestMeterBinder and JobMetrics serve). */
class StatusLineFormatTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    private static PipelineSnapshot snapshot(String scrape, int secondsLater) {
        return PipelineSnapshot.of(PrometheusSamples.parse(scrape), T0.plusSeconds(secondsLater));
    }

    private static String ingest(long btcBuys, long ethSells, String state, long ethGaps, long ethMissed) {
        return """
                # HELP cryptostream_ingest_trades_received_total Trades the venue sent
                # TYPE cryptostream_ingest_trades_received_total counter
                cryptostream_ingest_trades_received_total{exchange="Binance",market="BTC-USDT"} %1$d
                cryptostream_ingest_trades_received_total{exchange="Binance",market="ETH-USDT"} %2$d
                cryptostream_ingest_trades_total{exchange="Binance",market="BTC-USDT",side="buy"} %1$d
                cryptostream_ingest_trades_total{exchange="Binance",market="BTC-USDT",side="sell"} 0
                cryptostream_ingest_trades_total{exchange="Binance",market="ETH-USDT",side="sell"} %2$d
                cryptostream_ingest_trade_id_gaps_total{exchange="Binance",market="ETH-USDT"} %4$d
                cryptostream_ingest_missed_trades_total{exchange="Binance",market="ETH-USDT"} %5$d
                cryptostream_ingest_connection_state{state="subscribed",venue="Binance"} %3$s
                cryptostream_ingest_connection_state{state="connecting",venue="Binance"} 0
                """.formatted(btcBuys, ethSells, state, ethGaps, ethMissed);
    }

    private static String spark(double lag, long batches) {
        return """
                cryptostream_spark_batches_total{query="trade-windows"} %d
                cryptostream_spark_event_time_lag_seconds{query="trade-windows"} %s
                """.formatted(batches, lag);
    }

    @Test
    void showsTradesPerSecondSinceTheLastScrapeMarketsGapsAndTheJobsLag() {
        PipelineSnapshot before = snapshot(ingest(10, 5, "1", 0, 0) + spark(300.4, 7), 0);
        PipelineSnapshot now = snapshot(ingest(30, 10, "1", 2, 5) + spark(301.6, 9), 2);

        assertThat(StatusLineFormat.format(before, now)).isEqualTo(
                "trades 12.5/s | 2 markets, 1/1 connection subscribed | gaps 2 (5 missed) | Spark lag 302 s, 9 batches");
    }

    @Test
    void saysWhenTheConnectionIsDownAndTheJobHasNotStarted() {
        PipelineSnapshot before = snapshot(ingest(0, 0, "0", 0, 0), 0);
        PipelineSnapshot now = snapshot(ingest(0, 0, "0", 0, 0), 1);

        assertThat(StatusLineFormat.format(before, now)).isEqualTo(
                "trades 0.0/s | 2 markets, 0/1 connection subscribed | gaps 0 (0 missed) | Spark not started");
    }

    @Test
    void aJobWithoutAWatermarkYetShowsNoLag() {
        PipelineSnapshot now = snapshot(ingest(0, 0, "1", 0, 0) + spark(Double.NaN, 0), 1);

        assertThat(StatusLineFormat.format(now, now)).endsWith("| Spark lag -, 0 batches").startsWith("trades -/s");
    }
}
