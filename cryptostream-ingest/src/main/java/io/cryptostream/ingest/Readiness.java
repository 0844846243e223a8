package io.cryptostream.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Whether a running command does its work now: each part of the pipeline says why it does not (a market not
 * subscribed, a server unreachable), and the command is ready when none says anything. A part that has not started
 * yet says so until it replaces its placeholder with its check.
 */
public final class Readiness {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Ready when {@code reasons} is empty; the body of /health/ready. */
    public record Report(List<String> reasons) {

        public boolean ready() {
            return reasons.isEmpty();
        }

        /** {"status":"UP"}, or {"status":"DOWN","reasons":[...]}. */
        public String json() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", ready() ? "UP" : "DOWN");
            if (!ready()) {
                body.put("reasons", reasons);
            }
            try {
                return JSON.writeValueAsString(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("health report not writable as JSON: " + e.getMessage(), e);
            }
        }
    }

    private final Map<String, Supplier<List<String>>> parts = new LinkedHashMap<>();

    /** {@code part} is not running yet: until its check replaces it, it reports "{@code part} not started". */
    public synchronized void starting(String part) {
        parts.put(part, () -> List.of(part + " not started"));
    }

    /** {@code part} checks itself with {@code reasons}: why it does not do its work now, none when it does. */
    public synchronized void check(String part, Supplier<List<String>> reasons) {
        parts.put(part, reasons);
    }

    /** {@code part} ended: it no longer counts. */
    public synchronized void remove(String part) {
        parts.remove(part);
    }

    public Report report() {
        List<Supplier<List<String>>> checks;
        synchronized (this) {
            checks = List.copyOf(parts.values());
        }
        List<String> reasons = new ArrayList<>();
        checks.forEach(check -> reasons.addAll(check.get()));
        return new Report(reasons);
    }
}
