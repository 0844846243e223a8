package io.cryptostream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's /api/pipeline: the meters /metrics serves, as JSON the page reads, or why there are none. */
class PipelineMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRAPE = """
            # TYPE cryptostream_ingest_trades_received_total counter
            cryptostream_ingest_trades_received_total{exchange="Coinbase",market="BTC-USD"} 12.0
            cryptostream_ingest_trades_total{exchange="Coinbase",market="BTC-USD",side="buy"} 7.0
            cryptostream_ingest_trades_total{exchange="Coinbase",market="BTC-USD",side="sell"} 4.0
            cryptostream_ingest_trade_id_gaps_total{exchange="Coinbase",market="BTC-USD"} 1.0
            cryptostream_ingest_missed_trades_total{exchange="Coinbase",market="BTC-USD"} 3.0
            cryptostream_ingest_connection_state{state="subscribed",venue="Coinbase"} 1.0
            cryptostream_ingest_connection_state{state="stale",venue="Coinbase"} 0.0
            cryptostream_ingest_reconnects_total{cause="stale",venue="Coinbase"} 2.0
            cryptostream_ingest_reconnects_total{cause="failed",venue="Coinbase"} 0.0
            cryptostream_spark_batches_total{query="trade-windows"} 5.0
            cryptostream_spark_event_time_lag_seconds{query="trade-windows"} 300.5
            cryptostream_spark_cassandra_last_write_age_seconds{query="trade-windows"} NaN
            cryptostream_spark_row_freshness_seconds{query="trade-windows"} 1.25
            """;

    @Test
    void theJsonHasEachMarketsTotalsTheConnectionsAndTheJobsProgressWithNullForAMeterWithoutAValue() throws Exception {
        JsonNode pipeline = JSON.readTree(PipelineMetrics.json(
                PipelineSnapshot.of(PrometheusSamples.parse(SCRAPE), Instant.ofEpochMilli(1_000))));

        assertThat(pipeline.toString()).isEqualTo(JSON.readTree("""
                {"available":true,"at":1000,
                 "markets":[{"exchange":"Coinbase","market":"BTC-USD","trades":11,"gaps":1,"missed_trades":3}],
                 "connections_subscribed":1,"connections":1,"reconnects":2,"batches":5,
                 "event_time_lag_seconds":300.5,"last_write_age_seconds":null,"row_freshness_seconds":1.25}""")
                .toString());
    }

    @Test
    void aDashboardWithoutAMetricsUrlSaysHowToGetThem() throws Exception {
        JsonNode pipeline = JSON.readTree(PipelineMetrics.none().json());

        assertThat(pipeline.get("available").asBoolean()).isFalse();
        assertThat(pipeline.get("reason").asText()).startsWith("pipeline metrics not available: ")
                .contains("--metrics-url");
    }

    @Test
    void aMetricsUrlNothingAnswersOnIsNamedInTheReason() throws Exception {
        URI nobody = URI.create("http://127.0.0.1:" + MetricsScrape.freePort() + "/metrics");

        JsonNode pipeline = JSON.readTree(PipelineMetrics.at(nobody).json());

        assertThat(pipeline.get("available").asBoolean()).isFalse();
        assertThat(pipeline.get("reason").asText()).startsWith(nobody + " did not answer");
    }
}
