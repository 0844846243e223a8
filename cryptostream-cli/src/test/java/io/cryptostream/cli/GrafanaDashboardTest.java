package io.cryptostream.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The Grafana dashboard reads only documented metrics; MetricsEndpointIT checks them against a real scrape. */
class GrafanaDashboardTest {

    @Test
    void aQuerysMetricNamesLeaveOutFunctionsLabelsRangesAndGrouping() {
        assertThat(GrafanaDashboard.metricNames(
                "sum by (exchange, market) (rate(cryptostream_ingest_trades_total{side=\"buy\"}[$__rate_interval]))"
                        + " / sum without (side) (increase(jvm_memory_used_bytes[5m])) > bool 0"))
                .containsExactly("cryptostream_ingest_trades_total", "jvm_memory_used_bytes");
    }

    @Test
    void everyPanelQueryReadsAMetric() throws Exception {
        GrafanaDashboard dashboard = GrafanaDashboard.read();
        assertThat(dashboard.queries()).hasSizeGreaterThan(15);
        assertThat(dashboard.queries()).allSatisfy(query ->
                assertThat(GrafanaDashboard.metricNames(query.expr())).as(query.panel()).isNotEmpty());
    }

    @Test
    void everyMetricTheDashboardReadsIsDocumented() throws Exception {
        String documented = Files.readString(Path.of("..", "docs", "metrics.md"));
        assertThat(GrafanaDashboard.read().metricNames())
                .allSatisfy(name -> assertThat(documented).as(name).contains(name.replaceAll("_(sum|count)$", "")));
    }
}
