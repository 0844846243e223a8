package io.cryptostream.bench;

import io.cryptostream.domain.Market;
import io.cryptostream.ingest.IngestRun;
import io.cryptostream.ingest.IngestService;
import io.cryptostream.ingest.IngestSettings;
import io.cryptostream.ingest.KafkaSinkSettings;
import io.cryptostream.ingest.KafkaTradeSink;
import io.cryptostream.servers.ProcessMemory;
import org.apache.pekko.actor.ActorSystem;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The ingest service in a child JVM, run once per variant against the parent's simulator: each run starts, says
 * {@code ready <name>}, ingests until the parent sends a line, then stops and delivers everything it accepted.
 */
final class IngestChild {

    /**
     * One ingest run: the Pekko buffer and the Kafka producer settings of the sink.
     *
     * @param metricsServed the run's meters are served and scraped ({@link ScrapedMetrics}), as a command's are
     */
    record Variant(String name, String topic, int bufferSize, ProducerVariant producer, boolean metricsServed) {
    }

    record Request(String url, List<Market> markets, String bootstrapServers, List<Variant> runs) {
    }

    /**
     * @param peakRssAfterFirstMeasuredRunBytes VmHWM when the first measured run (default settings) ended: ingest's
     *                                          peak in stage 2
     * @param tradesPerRun              trades each run passed to its sink
     */
    record Result(long peakRssAfterFirstMeasuredRunBytes, long peakRssBytes, List<Long> tradesPerRun) {
    }

    private IngestChild() {
    }

    static Result run(Request request) throws Exception {
        ActorSystem system = IngestService.actorSystem("bench-ingest", "WARNING");
        List<Long> trades = new ArrayList<>();
        long peakAfterFirst = -1;
        try {
            for (Variant variant : request.runs()) {
                IngestSettings settings = IngestSettings.builder()
                        .url(URI.create(request.url()))
                        .markets(request.markets())
                        .bufferSize(variant.bufferSize())
                        .minReconnectDelay(Duration.ofMillis(200))
                        .maxReconnectDelay(Duration.ofSeconds(1))
                        .build();
                ProducerVariant producer = variant.producer();
                KafkaSinkSettings sink = KafkaSinkSettings.of(request.bootstrapServers(), variant.topic())
                        .withLinger(Duration.ofMillis(producer.lingerMs()))
                        .withExtraProperties(Map.of("batch.size", Integer.toString(producer.batchBytes()),
                                "compression.type", producer.compression(),
                                "client.id", "bench-ingest-" + variant.topic()));
                IngestRun run = IngestService.run(system, settings, new KafkaTradeSink(sink));
                ScrapedMetrics metrics = variant.metricsServed() ? ScrapedMetrics.serve(run.meters()) : null;
                BenchChild.ready(variant.name());
                BenchChild.nextCommand();
                run.stop().toCompletableFuture().get(120, TimeUnit.SECONDS);
                if (metrics != null) {
                    metrics.close();
                }
                trades.add(run.metrics().trades());
                BenchChild.progress(variant.name() + ": " + run.metrics().trades() + " trades delivered");
                if (peakAfterFirst < 0 && trades.size() == Math.min(2, request.runs().size())) {
                    peakAfterFirst = ProcessMemory.ownPeakRssBytes();
                }
            }
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        return new Result(peakAfterFirst, ProcessMemory.ownPeakRssBytes(), trades);
    }
}
