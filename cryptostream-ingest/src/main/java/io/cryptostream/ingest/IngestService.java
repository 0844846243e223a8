package io.cryptostream.ingest;

import com.typesafe.config.ConfigFactory;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.Trade;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Ingests a venue's trades into a {@link TradeSink}, and its order events, if it sends any, into an {@link OrderSink}:
 *
 * <pre>
 * WebSocket sessions (one at a time, reconnecting with backoff), each stage deciding on its trades as it decodes them:
 * check (refused: counted, set aside), drop replayed duplicates, count, count trade-id gaps ({@link TradeIntake})
 *     ├─ order events → bounded buffer → order sink (or counted as dropped when the run has none)
 *     ├─ trades set aside → the sink's rejected branch
 *     └─ trades → bounded buffer → trade sink
 * trade-id gaps → {@link GapFiller} (its own thread, paced) → the venue's REST history → the same intake → merged in
 * </pre>
 *
 * Both branches backpressure the socket. A stop completes once both sinks have delivered what they accepted; either
 * sink failing ends the run with its error.
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
        ActorSystem system = actorSystem("cryptostream-ingest", "INFO");
        IngestRun run = run(system, settings, sink);
        run.completion().whenComplete((done, error) -> system.terminate());
        return run;
    }

    /**
     * An actor system for ingest that logs through SLF4J, like the rest of the application, at {@code pekkoLogLevel}
     * (Pekko's own: DEBUG, INFO, WARNING, ERROR).
     */
    public static ActorSystem actorSystem(String name, String pekkoLogLevel) {
        return ActorSystem.create(name, ConfigFactory.parseString("""
                pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
                pekko.loglevel = %s
                """.formatted(pekkoLogLevel)).withFallback(ConfigFactory.load()));
    }

    /** Ingests the trades of any venue whose wire differences {@code protocol} describes; order events are dropped. */
    public static IngestRun run(ActorSystem system, VenueProtocol protocol, IngestSettings settings, TradeSink sink) {
        return run(system, protocol, settings, sink, Optional.empty());
    }

    /**
     * Ingests any venue whose wire differences {@code protocol} describes: trades into {@code sink}, order events into
     * {@code orderSink}. Without an order sink, order events are counted in
     * {@link IngestMetricsSnapshot#ordersDropped()} and the first one is logged.
     */
    public static IngestRun run(ActorSystem system, VenueProtocol protocol, IngestSettings settings, TradeSink sink,
                                Optional<OrderSink> orderSink) {
        IngestMetrics metrics = new IngestMetrics(settings.markets());
        DuplicateTradeFilter duplicates = new DuplicateTradeFilter(settings.dedupeWindow());
        List<Trade> published = sink.recentTrades(settings.dedupeTail());
        published.forEach(duplicates::isNew);
        if (!published.isEmpty()) {
            log.info("{} trades already in {} will not be published again if {} sends them again", published.size(),
                    sink.description(), protocol.venue());
        }
        TradeEdgeCheck edgeCheck = new TradeEdgeCheck(settings.tradeCheck(), protocol.venue(), metrics);
        Optional<TradeIdGaps> gaps = protocol.sequentialTradeIds()
                ? Optional.of(new TradeIdGaps(protocol.venue(), metrics, System::nanoTime)) : Optional.empty();
        // Trades recovered from the venue's REST history join the stream here, beside the sessions' own.
        Pair<SourceQueueWithComplete<FeedItem>, Source<FeedItem, NotUsed>> recovered =
                Source.<FeedItem>queue(settings.bufferSize(), OverflowStrategy.backpressure()).preMaterialize(system);
        AtomicReference<TradeIntake> intake = new AtomicReference<>();
        Optional<GapFiller> filler = settings.gapFill().enabled()
                ? Optional.of(new GapFiller(protocol.venue(), protocol.history(), settings.gapFill(), metrics,
                Clock.systemUTC(), trade -> offer(recovered.first(), intake.get().recover(trade))))
                : Optional.empty();
        intake.set(new TradeIntake(edgeCheck, duplicates, metrics, gaps,
                filler.<TradeIntake.MissedTrades>map(fills -> fills).orElse(TradeIntake.MissedTrades.COUNTED_ONLY)));
        ConnectionLoop loop = new ConnectionLoop(system, protocol, settings, metrics,
                ReconnectBackoff.of(settings, protocol.minReconnectSpacing(),
                        () -> ThreadLocalRandom.current().nextDouble()),
                intake.get());
        log.info("Ingesting {} markets from {} at {} into {}{}", settings.markets().size(), protocol.venue(),
                protocol.urlForLogs(), sink.description(),
                orderSink.map(orders -> "; order events into " + orders.description()).orElse(""));
        protocol.clientPing().ifPresent(ping -> {
            if (ping.interval().compareTo(settings.staleAfter()) >= 0) {
                log.warn("{} client pings every {} cannot keep the connection fresh: it is replaced after {} without "
                                + "a frame; lower the ping interval or raise the heartbeat interval", protocol.venue(),
                        Durations.format(ping.interval()), Durations.format(settings.staleAfter()));
            }
        });

        Sink<FeedItem, CompletionStage<Done>> orders = Flow.<FeedItem>create()
                .map(item -> ((FeedItem.OrderItem) item).order())
                .toMat(orderSink.map(s -> delivering(s, system, settings, metrics))
                        .orElseGet(() -> dropping(protocol, metrics)), Keep.right());
        Sink<FeedItem, CompletionStage<Done>> rejected = Flow.<FeedItem>create()
                .map(item -> ((FeedItem.RejectedItem) item).rejected())
                .toMat(sink.createRejected(system), Keep.right());
        Pair<CompletionStage<Done>, CompletionStage<Done>> delivered = loop.items()
                .watchTermination((notUsed, sessionsDone) -> {
                    // Once the sessions end, the fills queued and in flight finish (or are reported unfillable at
                    // the end of the stop's grace) on a thread of their own, then the recovered trades drain.
                    sessionsDone.whenComplete((done, error) -> new Thread(() -> {
                        filler.ifPresent(fills -> fills.stop(settings.stopGracePeriod()));
                        recovered.first().complete();
                    }, "gap-filler-stop-" + protocol.venue()).start());
                    return notUsed;
                })
                .merge(recovered.second())
                .divertToMat(orders, item -> item instanceof FeedItem.OrderItem, Keep.right())
                .divertToMat(rejected, item -> item instanceof FeedItem.RejectedItem, IngestService::both)
                .map(item -> ((FeedItem.TradeItem) item).trade())
                .buffer(settings.bufferSize(), OverflowStrategy.backpressure())
                .toMat(sink.create(system), Keep.both())
                .run(system);

        Optional<Cancellable> timeout = settings.runFor().map(runFor ->
                system.scheduler().scheduleOnce(runFor, loop::stop, system.dispatcher()));
        CompletableFuture<Done> trades = delivered.second().toCompletableFuture();
        CompletableFuture<Done> orderEvents = delivered.first().toCompletableFuture();
        // Whichever sink fails first stops the other branch, which then flushes and completes: wait for both.
        CompletionStage<Done> completion = CompletableFuture.allOf(trades, orderEvents)
                .handle((ignored, error) -> {
                    timeout.ifPresent(Cancellable::cancel);
                    Optional<Throwable> failure = failure(trades).or(() -> failure(orderEvents));
                    if (failure.isEmpty()) {
                        IngestMetricsSnapshot snapshot = metrics.snapshot();
                        log.info("Ingest from {} stopped; {} trades{} delivered", protocol.venue(), snapshot.trades(),
                                orderSink.isPresent() ? " and " + snapshot.orders() + " order events" : "");
                        return CompletableFuture.completedStage(Done.getInstance());
                    }
                    Throwable cause = failure.get();
                    log.error("Ingest from {} failed: {}", protocol.venue(),
                            protocol.redact(String.valueOf(cause.getMessage())));
                    return CompletableFuture.<Done>failedStage(cause);
                })
                .thenCompose(stage -> stage);
        return new IngestRun(loop::stop, completion, metrics, () -> Stream.concat(sink.spool().stream(),
                orderSink.flatMap(OrderSink::spool).stream()).toList(), protocol.venue(),
                () -> Stream.concat(sink.delivery().stream(), orderSink.flatMap(OrderSink::delivery).stream()).toList());
    }

    private static Sink<OrderEvent, CompletionStage<Done>> delivering(OrderSink orderSink, ActorSystem system,
                                                                     IngestSettings settings, IngestMetrics metrics) {
        return Flow.<OrderEvent>create()
                .map(order -> {
                    metrics.order(order.market());
                    return order;
                })
                .buffer(settings.bufferSize(), OverflowStrategy.backpressure())
                .toMat(orderSink.create(system), Keep.right());
    }

    /** The run was given no order sink: order events are counted, never silently lost. */
    private static Sink<OrderEvent, CompletionStage<Done>> dropping(VenueProtocol protocol, IngestMetrics metrics) {
        AtomicBoolean reported = new AtomicBoolean();
        return Sink.foreach(order -> {
            metrics.orderDropped();
            if (reported.compareAndSet(false, true)) {
                log.warn("{} sends order events ({} first) but this run has no order sink; they are dropped and "
                        + "counted as ordersDropped in the metrics (logged once)", protocol.venue(), order.market());
            }
        });
    }

    /**
     * Offers a recovered trade's item to the stream, waiting while the stream is full; a duplicate is null. Whether
     * it was a trade to pass on.
     */
    private static boolean offer(SourceQueueWithComplete<FeedItem> queue, FeedItem item) throws InterruptedException {
        if (item == null) {
            return false;
        }
        try {
            queue.offer(item).toCompletableFuture().get();
            return item instanceof FeedItem.TradeItem;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the stream no longer takes recovered trades: " + e.getCause(), e);
        }
    }

    /** Completes when both side branches (order events, rejected trades) have, failing with the first failure. */
    private static CompletionStage<Done> both(CompletionStage<Done> first, CompletionStage<Done> second) {
        return first.thenCombine(second, (a, b) -> Done.getInstance());
    }

    private static Optional<Throwable> failure(CompletableFuture<Done> stage) {
        if (!stage.isCompletedExceptionally()) {
            return Optional.empty();
        }
        try {
            stage.join();
            return Optional.empty();
        } catch (CompletionException e) {
            return Optional.of(e.getCause() != null ? e.getCause() : e);
        } catch (RuntimeException e) {
            return Optional.of(e);
        }
    }
}
