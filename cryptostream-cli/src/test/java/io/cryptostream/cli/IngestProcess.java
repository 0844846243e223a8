package io.cryptostream.cli;

import io.cryptostream.ingest.ApiKey;
import io.cryptostream.ingest.IngestRun;
import io.cryptostream.ingest.IngestService;
import io.cryptostream.ingest.IngestSettings;
import io.cryptostream.ingest.KafkaSinkSettings;
import io.cryptostream.ingest.KafkaTradeSink;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Ingest alone, in a JVM of its own so a fault test can SIGKILL it: a CryptoCompare-protocol feed into the trades
 * topic until the process ends. The API key comes from {@code CRYPTOCOMPARE_API_KEY}.
 *
 * <p>Arguments: feed URL, Kafka bootstrap servers, topic, comma-separated subscriptions, spool dir (kept across
 * restarts, as a user's would be).
 */
public final class IngestProcess {

    private IngestProcess() {
    }

    public static void main(String[] args) throws Exception {
        IngestSettings settings = IngestSettings.builder()
                .url(URI.create(args[0]))
                .apiKey(ApiKey.fromEnvironment(System.getenv(), "CRYPTOCOMPARE_API_KEY"))
                .subscriptions(List.of(args[3].split(",")))
                .heartbeatInterval(KillablePipeline.HEARTBEAT_INTERVAL)
                .minReconnectDelay(Duration.ofMillis(200))
                .maxReconnectDelay(Duration.ofSeconds(1))
                .build();
        IngestRun run = IngestService.run(settings, new KafkaTradeSink(KafkaSinkSettings.of(args[1], args[2])
                .withSpool(Path.of(args[4]), KafkaSinkSettings.DEFAULT_SPOOL_MAX_BYTES)));
        run.completion().toCompletableFuture().get();
    }
}
