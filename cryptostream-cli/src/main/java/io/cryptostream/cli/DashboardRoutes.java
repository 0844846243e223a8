package io.cryptostream.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cryptostream.domain.Market;
import io.cryptostream.store.CandleInterval;
import io.cryptostream.store.CassandraUnavailableException;
import io.cryptostream.store.WindowQueries;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.webjars.WebJarVersionLocator;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The dashboard's HTTP routes: the page, its script, ECharts from its WebJar (so no network is needed), and JSON read
 * from {@code candles_1m} and rolled up to any interval as {@code candles} does it, and the pipeline's meters
 * ({@link PipelineMetrics}). Decimals travel as exact strings.
 * Nothing is written.
 */
final class DashboardRoutes extends AllDirectives {

    /**
     * The most 1-minute candles one request may read, at any interval: a month of hours or days, since a read costs
     * the minutes it rolls up, not the candles it answers.
     */
    private static final Duration LONGEST_READ = Duration.ofDays(31);
    static final long MOST_MINUTE_ROWS = LONGEST_READ.toMinutes();

    private static final String PAGE = "io/cryptostream/cli/dashboard/";
    private static final String ECHARTS = new WebJarVersionLocator().fullPath("echarts", "dist/echarts.min.js");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WindowQueries queries;
    private final PipelineMetrics pipeline;
    private final Executor blocking;

    /** @param blocking where the driver's blocking reads run, off the threads that serve HTTP */
    DashboardRoutes(WindowQueries queries, PipelineMetrics pipeline, Executor blocking) {
        this.queries = queries;
        this.pipeline = pipeline;
        this.blocking = blocking;
    }

    Route route() {
        return encodeResponse(() -> get(() -> concat(
                pathSingleSlash(() -> getFromResource(PAGE + "index.html")),
                path("dashboard.js", () -> getFromResource(PAGE + "dashboard.js")),
                path("pipeline.js", () -> getFromResource(PAGE + "pipeline.js")),
                path("echarts.min.js", () -> getFromResource(ECHARTS)),
                pathPrefix("api", () -> concat(
                        path("markets", () -> json(this::markets)),
                        path("intervals", () -> json(DashboardRoutes::intervals)),
                        path("pipeline", () -> json(pipeline::json)),
                        path("candles", () -> parameterMap(parameters -> json(() -> candles(parameters)))))))));
    }

    private String markets() {
        List<Map<String, String>> markets = queries.candleMarkets().stream().map(stored -> {
            Map<String, String> market = new LinkedHashMap<>();
            market.put("exchange", stored.market().exchange());
            market.put("market", stored.market().base() + "-" + stored.market().quote());
            market.put("newest_day", stored.newestDay().toString());
            return market;
        }).toList();
        try {
            return JSON.writeValueAsString(markets);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write the markets as JSON: " + e.getMessage(), e);
        }
    }

    /** The intervals the page offers, each with its length, and the longest range a request may cover. */
    private static String intervals() {
        ObjectNode answer = JSON.createObjectNode().put("longest_range_minutes", MOST_MINUTE_ROWS);
        ArrayNode intervals = answer.putArray("intervals");
        Arrays.stream(CandleInterval.values()).forEach(interval -> intervals.addObject()
                .put("interval", interval.label()).put("minutes", interval.length().toMinutes()));
        return answer.toString();
    }

    /** The same JSON as {@code candles --interval --format json [--fill]}, for {@code [from, to)}. */
    private String candles(Map<String, String> parameters) {
        Market market = CandlesCommand.market(required(parameters, "exchange"), required(parameters, "market"), "market");
        Instant from = CandlesCommand.instant(required(parameters, "from"), "from");
        Instant to = CandlesCommand.instant(required(parameters, "to"), "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("to (" + to + ") must be after from (" + from + ")");
        }
        CandleSelection selection = new CandleSelection(market, interval(parameters), from, to, fill(parameters));
        if (selection.minuteRows() > MOST_MINUTE_ROWS) {
            throw new IllegalArgumentException("from " + from + " to " + to + " reads " + selection.minuteRows()
                    + " one-minute candles, more than " + MOST_MINUTE_ROWS + " (" + LONGEST_READ.toDays()
                    + " days of them): ask for a shorter range");
        }
        return CandlesCommand.json(selection.read(queries, Instant.now()));
    }

    /** {@code interval}, as {@code candles --interval} reads it; 1m when absent. */
    private static CandleInterval interval(Map<String, String> parameters) {
        String interval = parameters.getOrDefault("interval", CandleInterval.MINUTE.label());
        try {
            return CandleInterval.named(interval);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("interval must be one of " + CandleInterval.labels() + "; was '"
                    + interval + "'", e);
        }
    }

    /** {@code fill}, as {@code candles --fill}: true or false, false when absent. */
    private static boolean fill(Map<String, String> parameters) {
        String fill = parameters.getOrDefault("fill", "false");
        if (!fill.equals("true") && !fill.equals("false")) {
            throw new IllegalArgumentException("fill must be true or false; was '" + fill + "'");
        }
        return Boolean.parseBoolean(fill);
    }

    private static String required(Map<String, String> parameters, String name) {
        String value = parameters.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("parameter " + name + " is missing");
        }
        return value;
    }

    /** Runs a blocking read off the HTTP threads; a wrong request is a 400, an unreachable Cassandra a 503. */
    private Route json(Supplier<String> read) {
        return completeWithFuture(CompletableFuture.supplyAsync(() -> {
            try {
                return response(StatusCodes.OK, read.get());
            } catch (CassandraUnavailableException e) {
                return error(StatusCodes.SERVICE_UNAVAILABLE, e.getMessage());
            } catch (IllegalArgumentException e) {
                return error(StatusCodes.BAD_REQUEST, e.getMessage());
            }
        }, blocking));
    }

    private static HttpResponse error(StatusCode status, String message) {
        return response(status, JSON.createObjectNode().put("error", message).toString());
    }

    private static HttpResponse response(StatusCode status, String json) {
        return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, json);
    }
}
