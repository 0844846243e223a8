package io.cryptostream.ingest;

import io.cryptostream.domain.Market;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.pekko.Done;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** A running ingest: stop it, wait for it, read its counters. */
public final class IngestRun {

    private final Runnable requestStop;
    private final CompletionStage<Done> completion;
    private final IngestMetrics metrics;
    private final Supplier<List<SpoolStats>> spools;
    private final String venue;
    private final Supplier<List<DeliveryStats>> deliveries;

    IngestRun(Runnable requestStop, CompletionStage<Done> completion, IngestMetrics metrics,
              Supplier<List<SpoolStats>> spools, String venue, Supplier<List<DeliveryStats>> deliveries) {
        this.requestStop = requestStop;
        this.completion = completion;
        this.metrics = metrics;
        this.spools = spools;
        this.venue = venue;
        this.deliveries = deliveries;
    }

    /**
     * Unsubscribes, closes the socket, lets the sink deliver every trade already accepted, then completes; also
     * cancels a pending reconnect. Idempotent.
     */
    public CompletionStage<Done> stop() {
        requestStop.run();
        return completion;
    }

    /**
     * Completes after a stop once every accepted trade is delivered; fails when the run cannot go on (the venue
     * refused the key, the sink stayed unavailable), with an {@link IngestException} saying what to do.
     */
    public CompletionStage<Done> completion() {
        return completion;
    }

    public IngestMetricsSnapshot metrics() {
        return metrics.snapshot();
    }

    /** The run's counters, connection state and Kafka deliveries as meters, for a metrics endpoint. */
    public MeterBinder meters() {
        return new IngestMeterBinder(venue, metrics, deliveries);
    }

    /** The venue the run connects to, e.g. Binance. */
    public String venue() {
        return venue;
    }

    /** The markets the run is not subscribed to now; empty once every subscription is sent on an accepted connection. */
    public List<Market> unsubscribedMarkets() {
        return metrics.unsubscribedMarkets();
    }

    /** The spools of the run's Kafka sinks (trades, orders): what they kept while Kafka was away. */
    public List<SpoolStats> spools() {
        return spools.get();
    }
}
