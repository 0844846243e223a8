package io.cryptostream.cli;

import io.cryptostream.ingest.MetricsServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Where the dashboard reads the pipeline's meters, as the JSON of {@code /api/pipeline}: the running command's own
 * registry (the demo), another command's {@code /metrics} (dashboard --metrics-url), or nothing.
 */
final class PipelineMetrics {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(3);

    /** Prometheus text on each call; throws {@link IllegalStateException} saying why when it cannot be read. */
    private final Supplier<String> scrape;

    private PipelineMetrics(Supplier<String> scrape) {
        this.scrape = scrape;
    }

    /** The meters of this process. */
    static PipelineMetrics of(MetricsServer metrics) {
        return new PipelineMetrics(metrics::scrape);
    }

    /** The meters another command serves at {@code url} (its /metrics). */
    static PipelineMetrics at(URI url) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
        return new PipelineMetrics(() -> {
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(url).timeout(HTTP_TIMEOUT).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException(url + " answered " + answer.statusCode());
                }
                return answer.body();
            } catch (IOException e) {
                throw new IllegalStateException(url + " did not answer (" + e.getMessage()
                        + "): is a run serving metrics there?", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading " + url, e);
            }
        });
    }

    /** No meters: the dashboard runs alone and was given no --metrics-url. */
    static PipelineMetrics none() {
        return new PipelineMetrics(() -> {
            throw new IllegalStateException("pipeline metrics not available: run the dashboard with --metrics-url "
                    + "http://HOST:9464/metrics, or use the one ./cryptostream demo serves");
        });
    }

    /**
     * The pipeline now, as JSON: totals per market (the page turns two of them into trades per second), connections,
     * and the Spark job's progress; a value with no meter yet is null. When nothing can be read:
     * {@code {"available":false,"reason":"..."}}.
     */
    String json() {
        String text;
        try {
            text = scrape.get();
        } catch (IllegalStateException e) {
            return JSON.createObjectNode().put("available", false).put("reason", e.getMessage()).toString();
        }
        return json(PipelineSnapshot.of(PrometheusSamples.parse(text), Instant.now()));
    }

    static String json(PipelineSnapshot snapshot) {
        ObjectNode answer = JSON.createObjectNode().put("available", true).put("at", snapshot.at().toEpochMilli());
        ArrayNode markets = answer.putArray("markets");
        snapshot.markets().forEach(market -> {
            ObjectNode node = markets.addObject().put("exchange", market.exchange()).put("market", market.market());
            number(node, "trades", market.trades());
            number(node, "gaps", market.gaps());
            number(node, "missed_trades", market.missedTrades());
        });
        answer.put("connections_subscribed", snapshot.connectionsSubscribed()).put("connections", snapshot.connections());
        number(answer, "reconnects", snapshot.reconnects());
        number(answer, "batches", snapshot.batches());
        number(answer, "event_time_lag_seconds", snapshot.eventTimeLagSeconds());
        number(answer, "last_write_age_seconds", snapshot.lastWriteAgeSeconds());
        number(answer, "row_freshness_seconds", snapshot.rowFreshnessSeconds());
        return answer.toString();
    }

    /** JSON has no NaN: a meter without a value yet is null. */
    private static void number(ObjectNode node, String field, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            node.putNull(field);
        } else if (value == Math.rint(value)) {
            node.put(field, (long) value);
        } else {
            node.put(field, value);
        }
    }
}
