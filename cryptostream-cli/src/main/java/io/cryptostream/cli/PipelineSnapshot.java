package io.cryptostream.cli;

import java.time.Instant;
import java.util.List;

/**
 * The pipeline's state at one instant, read from the meters /metrics serves (never counted again): per market the
 * trades passed on and the trade-id gaps, the venue connections, and the Spark job's progress. A meter the command
 * does not have (no Spark job yet, no ingest) reads NaN.
 */
record PipelineSnapshot(Instant at, List<MarketCounts> markets, int connectionsSubscribed, int connections,
                        double reconnects, double batches, double eventTimeLagSeconds, double lastWriteAgeSeconds,
                        double rowFreshnessSeconds) {

    /** One market's counters. */
    record MarketCounts(String exchange, String market, double trades, double gaps, double missedTrades) {
    }

    static PipelineSnapshot of(PrometheusSamples samples, Instant at) {
        String trades = "cryptostream_ingest_trades_received_total";
        List<MarketCounts> markets = samples.matching(trades).stream()
                .map(sample -> new MarketCounts(sample.labels().get("exchange"), sample.labels().get("market"),
                        zeroIfAbsent(samples.sum("cryptostream_ingest_trades_total", market(sample))),
                        zeroIfAbsent(samples.sum("cryptostream_ingest_trade_id_gaps_total", market(sample))),
                        zeroIfAbsent(samples.sum("cryptostream_ingest_missed_trades_total", market(sample)))))
                .toList();
        String state = "cryptostream_ingest_connection_state";
        int connections = samples.labelValues(state, "venue").size();
        int subscribed = (int) samples.matching(state, "state", "subscribed").stream()
                .filter(sample -> sample.value() == 1).count();
        return new PipelineSnapshot(at, markets, subscribed, connections,
                samples.sum("cryptostream_ingest_reconnects_total"), samples.sum("cryptostream_spark_batches_total"),
                max(samples, "cryptostream_spark_event_time_lag_seconds"),
                max(samples, "cryptostream_spark_cassandra_last_write_age_seconds"),
                max(samples, "cryptostream_spark_row_freshness_seconds"));
    }

    /** Trades passed on, all markets. */
    double trades() {
        return markets.stream().mapToDouble(MarketCounts::trades).sum();
    }

    double gaps() {
        return markets.stream().mapToDouble(MarketCounts::gaps).sum();
    }

    double missedTrades() {
        return markets.stream().mapToDouble(MarketCounts::missedTrades).sum();
    }

    private static String[] market(PrometheusSamples.Sample sample) {
        return new String[] {"exchange", sample.labels().get("exchange"), "market", sample.labels().get("market")};
    }

    private static double zeroIfAbsent(double value) {
        return Double.isNaN(value) ? 0 : value;
    }

    /** The worst of several queries' gauges; NaN when none has a value yet. */
    private static double max(PrometheusSamples samples, String name) {
        return samples.matching(name).stream().mapToDouble(PrometheusSamples.Sample::value)
                .filter(value -> !Double.isNaN(value)).max().orElse(Double.NaN);
    }
}
