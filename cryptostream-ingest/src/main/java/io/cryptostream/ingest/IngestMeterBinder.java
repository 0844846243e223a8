package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Ingest's counters as Micrometer meters: the very counters the run summary prints ({@link IngestMetrics}), read at
 * each scrape, never counted a second time. Names and labels are listed in docs/metrics.md; in Prometheus a counter
 * {@code cryptostream.ingest.trades} reads {@code cryptostream_ingest_trades_total}.
 */
final class IngestMeterBinder implements MeterBinder {

    /** Base units, which Prometheus names end with: {@code _seconds}, {@code _ratio}. */
    private static final String SECONDS = "seconds";
    private static final String RATIO = "ratio";
    private static final String BYTES = "bytes";

    private final String venue;
    private final IngestMetrics metrics;
    private final Supplier<List<DeliveryStats>> deliveries;

    /**
     * @param venue      the venue the connection goes to, the {@code venue} label of the connection's meters
     * @param deliveries the run's Kafka sinks' deliveries now, one per topic (none without Kafka)
     */
    IngestMeterBinder(String venue, IngestMetrics metrics, Supplier<List<DeliveryStats>> deliveries) {
        this.venue = venue;
        this.metrics = metrics;
        this.deliveries = deliveries;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        metrics.markets().forEach(market -> bindMarket(registry, market));
        bindConnection(registry);
        deliveries.get().forEach(delivery -> bindDelivery(registry, delivery.topic()));
    }

    private void bindMarket(MeterRegistry registry, Market market) {
        Tags tags = Tags.of("exchange", market.exchange(), "market", market.symbol());
        counter(registry, "cryptostream.ingest.trades.received", "Trades the venue sent, before the check and dedupe",
                tags, m -> m.frames(market));
        for (TakerSide side : TakerSide.values()) {
            counter(registry, "cryptostream.ingest.trades", "Unique trades passed on to the sink, by taker side",
                    tags.and("side", side.name().toLowerCase(Locale.ROOT)), m -> m.trades(market, side));
        }
        counter(registry, "cryptostream.ingest.duplicates", "Trades dropped because their id was recently seen",
                tags, m -> m.duplicates(market));
        counter(registry, "cryptostream.ingest.market.malformed.frames", "Frames about this market that could not be understood",
                tags, m -> m.malformed(market));
        counter(registry, "cryptostream.ingest.trade.id.gaps", "Jumps in the trade ids (venues with sequential ids)",
                tags, m -> m.gaps(market));
        counter(registry, "cryptostream.ingest.missed.trades", "Trades the trade-id jumps skipped", tags,
                m -> m.missedTrades(market));
    }

    private void bindConnection(MeterRegistry registry) {
        Tags tags = Tags.of("venue", venue);
        for (ConnectionState state : ConnectionState.values()) {
            Gauge.builder("cryptostream.ingest.connection.state", metrics, m -> m.connectionState() == state ? 1 : 0)
                    .description("1 for the state the connection to the venue is in, 0 for the others")
                    .tags(tags.and("state", state.name().toLowerCase(Locale.ROOT)))
                    .register(registry);
        }
        counter(registry, "cryptostream.ingest.connect.attempts", "Connection attempts, the first included", tags,
                IngestMetrics::connectAttempts);
        counter(registry, "cryptostream.ingest.connections", "Connections the venue accepted", tags,
                IngestMetrics::connections);
        for (SessionEnd.Reason reason : SessionEnd.Reason.values()) {
            if (reason != SessionEnd.Reason.STOPPED) {
                counter(registry, "cryptostream.ingest.reconnects", "Sessions that ended and were replaced, by cause",
                        tags.and("cause", cause(reason)), m -> m.sessionEnds(reason));
            }
        }
        counter(registry, "cryptostream.ingest.stale.connections", "Sockets closed because no frame came for the "
                + "stale interval", tags, IngestMetrics::staleConnections);
        counter(registry, "cryptostream.ingest.frames", "Text frames received", tags, IngestMetrics::frames);
        counter(registry, "cryptostream.ingest.malformed.frames", "Frames that could not be understood", tags,
                IngestMetrics::malformed);
        counter(registry, "cryptostream.ingest.gaps.filled", "Trade-id gaps and reconnect spans filled from the "
                + "venue's REST history", tags, IngestMetrics::gapsFilled);
        counter(registry, "cryptostream.ingest.trades.recovered", "Trades the REST history returned that the socket "
                + "had not delivered", tags, IngestMetrics::tradesRecovered);
        counter(registry, "cryptostream.ingest.trades.recovered.late", "Recovered trades that came back more than "
                + "the job's watermark delay after their time: the job counts them late", tags,
                IngestMetrics::tradesRecoveredLate);
        counter(registry, "cryptostream.ingest.gaps.unfillable", "Gaps that could not be filled, or only in part",
                tags, IngestMetrics::gapsUnfillable);
        counter(registry, "cryptostream.ingest.history.rate.limited", "429 answers of the REST history, each waited "
                + "out", tags, IngestMetrics::historyRequestsRefused);
        Gauge.builder("cryptostream.ingest.last.frame.age", metrics,
                        m -> m.secondsSinceLastFrame().orElse(Double.NaN))
                .description("Seconds since the newest frame from the venue; NaN before the first")
                .baseUnit(SECONDS).tags(tags).register(registry);
    }

    private void bindDelivery(MeterRegistry registry, String topic) {
        Tags tags = Tags.of("topic", topic);
        Function<Supplier<List<DeliveryStats>>, Optional<DeliveryStats>> of = all -> all.get().stream()
                .filter(d -> d.topic().equals(topic)).findFirst();
        FunctionCounter.builder("cryptostream.ingest.kafka.records.sent", deliveries,
                        all -> of.apply(all).map(DeliveryStats::acknowledged).orElse(0L))
                .description("Records Kafka acknowledged, sent directly or drained from the spool")
                .tags(tags).register(registry);
        FunctionCounter.builder("cryptostream.ingest.kafka.send.errors", deliveries,
                        all -> of.apply(all).map(DeliveryStats::sendErrors).orElse(0L))
                .description("Sends Kafka answered with an error; the records are retried from the spool")
                .tags(tags).register(registry);
        gauge(registry, "cryptostream.ingest.kafka.buffer.fill", "Share of the bound on unacknowledged records in use "
                + "(at 1 the socket is backpressured)", RATIO, tags, all -> of.apply(all)
                .map(DeliveryStats::bufferFill).orElse(0.0));
        gauge(registry, "cryptostream.ingest.spool.records", "Records waiting in the spool for Kafka", null, tags,
                all -> of.apply(all).map(d -> (double) d.spool().held()).orElse(0.0));
        gauge(registry, "cryptostream.ingest.spool.size", "Bytes the spool takes on disk", BYTES, tags,
                all -> of.apply(all).map(d -> (double) d.spool().bytes()).orElse(0.0));
        gauge(registry, "cryptostream.ingest.spool.fill", "Share of the spool's bound in use (at 1 ingest stops)",
                RATIO, tags, all -> of.apply(all).map(DeliveryStats::spoolFill).orElse(0.0));
        gauge(registry, "cryptostream.ingest.kafka.oldest.unsent.age", "Seconds the oldest record Kafka has not "
                + "acknowledged has waited; 0 when none waits", SECONDS, tags, all -> of.apply(all)
                .map(d -> d.oldestUnsentAge().toNanos() / 1e9).orElse(0.0));
    }

    private void gauge(MeterRegistry registry, String name, String description, String unit, Tags tags,
                       ToDoubleFunction<Supplier<List<DeliveryStats>>> value) {
        Gauge.builder(name, deliveries, value).description(description).baseUnit(unit).tags(tags).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, Tags tags,
                         ToLongFunction<IngestMetrics> count) {
        FunctionCounter.builder(name, metrics, m -> count.applyAsLong(m)).description(description).tags(tags)
                .register(registry);
    }

    /** The label of a reconnect's cause: the reason, lower case, e.g. closed_by_server. */
    static String cause(SessionEnd.Reason reason) {
        return reason.name().toLowerCase(Locale.ROOT);
    }
}
