package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The meters read ingest's own counters, under Prometheus' names: {@code _total} counters, base units, labels. */
class IngestMeterBinderTest {

    private static final Market BTC = new Market("Binance", "BTC", "USDT");
    private static final Market ETH = new Market("Binance", "ETH", "USDT");

    private final IngestMetrics metrics = new IngestMetrics(List.of(BTC, ETH));
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private String scrapeBound(List<DeliveryStats> deliveries) {
        new IngestMeterBinder("Binance", metrics, () -> deliveries).bindTo(registry);
        return registry.scrape();
    }

    @Test
    void tradesPerMarketAndTakerSideAreTheRunSummarysCounters() {
        metrics.trade(BTC, TakerSide.BUY);
        metrics.trade(BTC, TakerSide.BUY);
        metrics.trade(BTC, TakerSide.SELL);
        metrics.duplicate(BTC);
        metrics.gap(ETH, 3);
        metrics.malformed(Optional.of(ETH));

        String scrape = scrapeBound(List.of());

        assertThat(scrape)
                .contains("cryptostream_ingest_trades_total{exchange=\"Binance\",market=\"BTC-USDT\",side=\"buy\"} 2")
                .contains("cryptostream_ingest_trades_total{exchange=\"Binance\",market=\"BTC-USDT\",side=\"sell\"} 1")
                .contains("cryptostream_ingest_trades_total{exchange=\"Binance\",market=\"ETH-USDT\",side=\"buy\"} 0")
                .contains("cryptostream_ingest_duplicates_total{exchange=\"Binance\",market=\"BTC-USDT\"} 1")
                .contains("cryptostream_ingest_trade_id_gaps_total{exchange=\"Binance\",market=\"ETH-USDT\"} 1")
                .contains("cryptostream_ingest_missed_trades_total{exchange=\"Binance\",market=\"ETH-USDT\"} 3")
                .contains("cryptostream_ingest_market_malformed_frames_total{exchange=\"Binance\",market=\"ETH-USDT\"} 1")
                .contains("cryptostream_ingest_malformed_frames_total{venue=\"Binance\"} 1");
        assertThat(metrics.snapshot().markets().get(BTC).trades()).as("the run summary's count").isEqualTo(3);
    }

    @Test
    void gapFillIsCountedPerVenue() {
        metrics.gapFilled();
        metrics.tradeRecovered();
        metrics.tradeRecovered();
        metrics.gapUnfillable("Binance has no key");
        metrics.historyRateLimited();

        assertThat(scrapeBound(List.of()))
                .contains("cryptostream_ingest_gaps_filled_total{venue=\"Binance\"} 1")
                .contains("cryptostream_ingest_trades_recovered_total{venue=\"Binance\"} 2")
                .contains("cryptostream_ingest_gaps_unfillable_total{venue=\"Binance\"} 1")
                .contains("cryptostream_ingest_history_rate_limited_total{venue=\"Binance\"} 1");
    }

    @Test
    void countsMadeAfterBindingShowAtTheNextScrape() {
        scrapeBound(List.of());
        metrics.trade(ETH, TakerSide.UNKNOWN);

        assertThat(registry.scrape())
                .contains("cryptostream_ingest_trades_total{exchange=\"Binance\",market=\"ETH-USDT\",side=\"unknown\"} 1");
    }

    @Test
    void theConnectionStateIsOneGaugePerStateWithOneOfThemSet() {
        metrics.connectAttempt();
        metrics.connectionState(ConnectionState.CONNECTING);
        metrics.connectionState(ConnectionState.SUBSCRIBED);
        assertThat(metrics.unsubscribedMarkets()).isEmpty();
        metrics.stale();
        metrics.sessionEnded(SessionEnd.Reason.STALE);

        String scrape = scrapeBound(List.of());

        assertThat(scrape)
                .contains("cryptostream_ingest_connection_state{state=\"stale\",venue=\"Binance\"} 1")
                .contains("cryptostream_ingest_connection_state{state=\"subscribed\",venue=\"Binance\"} 0")
                .contains("cryptostream_ingest_reconnects_total{cause=\"stale\",venue=\"Binance\"} 1")
                .contains("cryptostream_ingest_reconnects_total{cause=\"closed_by_server\",venue=\"Binance\"} 0")
                .doesNotContain("cause=\"stopped\"")
                .contains("cryptostream_ingest_stale_connections_total{venue=\"Binance\"} 1")
                .contains("cryptostream_ingest_connect_attempts_total{venue=\"Binance\"} 1")
                .contains("cryptostream_ingest_last_frame_age_seconds{venue=\"Binance\"} NaN");
        assertThat(metrics.unsubscribedMarkets()).containsExactly(BTC, ETH);
    }

    @Test
    void kafkaDeliveriesAreReadPerTopic() {
        SpoolStats spool = new SpoolStats("trades", Path.of("spool", "trades.spool"), 40, 10, 30, 2_048, 8_192);
        String scrape = scrapeBound(List.of(new DeliveryStats("trades", 120, 2, 5_000, 20_000, Duration.ofMillis(1500),
                spool)));

        assertThat(scrape)
                .contains("cryptostream_ingest_kafka_records_sent_total{topic=\"trades\"} 120")
                .contains("cryptostream_ingest_kafka_send_errors_total{topic=\"trades\"} 2")
                .contains("cryptostream_ingest_kafka_buffer_fill_ratio{topic=\"trades\"} 0.25")
                .contains("cryptostream_ingest_kafka_oldest_unsent_age_seconds{topic=\"trades\"} 1.5")
                .contains("cryptostream_ingest_spool_records{topic=\"trades\"} 30")
                .contains("cryptostream_ingest_spool_size_bytes{topic=\"trades\"} 2048")
                .contains("cryptostream_ingest_spool_fill_ratio{topic=\"trades\"} 0.25");
    }
}
