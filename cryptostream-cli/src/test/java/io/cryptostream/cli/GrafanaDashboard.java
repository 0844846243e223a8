package io.cryptostream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Grafana dashboard in {@code grafana/cryptostream.json} as a test reads it: its panels' PromQL and the metrics they name. */
final class GrafanaDashboard {

    /** The file, from the module's directory (where surefire and failsafe run). */
    static final Path FILE = Path.of("..", "grafana", "cryptostream.json");

    /** Label matchers, ranges and grouping clauses: they hold label names and durations, never a metric. */
    private static final Pattern NOT_METRICS = Pattern.compile("\\{[^}]*}|\\[[^]]*]|\\b(?:by|without|on|ignoring)\\s*\\([^)]*\\)");
    /** An identifier not called as a function. */
    private static final Pattern IDENTIFIER = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "group_left", "group_right");

    /** A panel's title and one of its queries. */
    record Query(String panel, String expr) {
    }

    private final List<Query> queries;

    private GrafanaDashboard(List<Query> queries) {
        this.queries = queries;
    }

    static GrafanaDashboard read() throws IOException {
        JsonNode root = new ObjectMapper().readTree(FILE.toFile());
        List<Query> queries = new ArrayList<>();
        collect(root.path("panels"), queries);
        return new GrafanaDashboard(queries);
    }

    /** Panels nest inside collapsed rows, so rows' own panels are read too. */
    private static void collect(JsonNode panels, List<Query> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(panel.path("title").asText(), target.path("expr").asText()));
            }
            collect(panel.path("panels"), queries);
        }
    }

    List<Query> queries() {
        return queries;
    }

    /** The metric names a PromQL expression reads. */
    static Set<String> metricNames(String expr) {
        Matcher identifier = IDENTIFIER.matcher(NOT_METRICS.matcher(expr).replaceAll(" "));
        Set<String> names = new LinkedHashSet<>();
        while (identifier.find()) {
            if (!KEYWORDS.contains(identifier.group(1))) {
                names.add(identifier.group(1));
            }
        }
        return names;
    }

    /** Every metric name any panel reads. */
    Set<String> metricNames() {
        Set<String> names = new LinkedHashSet<>();
        queries.forEach(query -> names.addAll(metricNames(query.expr())));
        return names;
    }
}
