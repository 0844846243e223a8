package io.cryptostream.ingest;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.stream.OverflowStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ingests a venue's trades into a {@link TradeSink}:
 *
 * <pre>
 * WebSocket sessions (one at a time, reconnecting with backoff) → drop replayed duplicates
 *     → bounded buffer (backpressures the socket) → sink
 * </pre>
 */
public final class IngestService {

    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    private IngestService() {
    }

    /** Ingests CryptoCompare on {@code system}, which the caller owns. */
    public static IngestRun run(ActorSystem system, IngestSettings settings, TradeSink sink) {
        return run(system, new CryptoCompareProtocol(settings), settings, sink);
    }

    /**
     * Ingests CryptoCompare on an actor system of its own, logging through SLF4J and terminated when the run
     * completes.
     */
    public static IngestRun run(IngestSettings settings, TradeSink sink) {
        ActorSystem system = ActorSystem.create("cryptostream-ingest", ConfigFactory.parseString("""
                pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
                """).withFallback(ConfigFactory.load()));
        IngestRun run = run(system, settings, sink);
        run.completion().whenComplete((done, error) -> system.terminate());
        return run;
    }

    /** Ingests any venue whose wire differences {@code protocol} describes. */
    public static IngestRun run(ActorSystem system, VenueProtocol protocol, IngestSettings settings, TradeSink sink) {
        IngestMetrics metrics = new IngestMetrics(settings.markets());
        ConnectionLoop loop = new ConnectionLoop(system, protocol, settings, metrics,
                ReconnectBackoff.of(settings, () -> ThreadLocalRandom.current().nextDouble()));
        DuplicateTradeFilter duplicates = new DuplicateTradeFilter(settings.dedupeWindow());
        log.info("Ingesting {} markets from {} at {} into {}", settings.markets().size(), protocol.venue(),
                protocol.urlForLogs(), sink.description());

        CompletionStage<Done> delivered = loop.trades()
                .filter(trade -> {
                    if (duplicates.isNew(trade)) {
                        metrics.trade(trade.market());
                        return true;
                    }
                    metrics.duplicate(trade.market());
                    return false;
                })
                .buffer(settings.bufferSize(), OverflowStrategy.backpressure())
                .runWith(sink.create(system), system);

        Optional<Cancellable> timeout = settings.runFor().map(runFor ->
                system.scheduler().scheduleOnce(runFor, loop::stop, system.dispatcher()));
        CompletionStage<Done> completion = delivered
                .handle((done, error) -> {
                    timeout.ifPresent(Cancellable::cancel);
                    if (error == null) {
                        log.info("Ingest from {} stopped; {} trades delivered", protocol.venue(),
                                metrics.snapshot().trades());
                        return CompletableFuture.completedStage(done);
                    }
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    log.error("Ingest from {} failed: {}", protocol.venue(), protocol.redact(cause.getMessage()));
                    return CompletableFuture.<Done>failedStage(cause);
                })
                .thenCompose(stage -> stage);
        return new IngestRun(loop::stop, completion, metrics);
    }
}
