package io.cryptostream.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptostream.domain.Market;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The dashboard's HTTP routes: the page, its script, ECharts from its WebJar (so no network is needed), and JSON read
 * from {@code candles_1m} with the queries {@code candles} uses. Decimals travel as exact strings. Nothing is written.
 */
final class DashboardRoutes extends AllDirectives {

    /** The only candle interval stored so far. */
    static final String INTERVAL = "1m";
    /** The longest range one request may ask for: 10,080 one-minute candles. */
    static final Duration LONGEST_RANGE = Duration.ofDays(7);

    private static final String PAGE = "io/cryptostream/cli/dashboard/";
    private static final String ECHARTS = new WebJarVersionLocator().fullPath("echarts", "dist/echarts.min.js");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WindowQueries queries;
    private final Executor blocking;

    /** @param blocking where the driver's blocking reads run, off the threads that serve HTTP */
    DashboardRoutes(WindowQueries queries, Executor blocking) {
        this.queries = queries;
        this.blocking = blocking;
    }

    Route route() {
        return encodeResponse(() -> get(() -> concat(
                pathSingleSlash(() -> getFromResource(PAGE + "index.html")),
                path("dashboard.js", () -> getFromResource(PAGE + "dashboard.js")),
                path("echarts.min.js", () -> getFromResource(ECHARTS)),
                pathPrefix("api", () -> concat(
                        path("markets", () -> json(this::markets)),
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

    /** The same JSON as {@code candles --format json}, for {@code [from, to)}. */
    private String candles(Map<String, String> parameters) {
        String interval = Optional.ofNullable(parameters.get("interval")).orElse(INTERVAL);
        if (!interval.equals(INTERVAL)) {
            throw new IllegalArgumentException("interval must be " + INTERVAL + " (the one stored); was '" + interval + "'");
        }
        Market market = CandlesCommand.market(required(parameters, "exchange"), required(parameters, "market"), "market");
        Instant from = CandlesCommand.instant(required(parameters, "from"), "from");
        Instant to = CandlesCommand.instant(required(parameters, "to"), "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("to (" + to + ") must be after from (" + from + ")");
        }
        if (Duration.between(from, to).compareTo(LONGEST_RANGE) > 0) {
            throw new IllegalArgumentException("from " + from + " to " + to + " is longer than "
                    + LONGEST_RANGE.toDays() + " days: ask for a shorter range");
        }
        return CandlesCommand.json(queries.candles(market, from, to));
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
