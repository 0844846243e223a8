package io.cryptostream.domain;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Client properties that may hold a secret (Kafka's {@code sasl.jaas.config}, {@code ssl.truststore.password},
 * Cassandra's password…), so that settings which carry them print them masked.
 */
public final class SensitiveProperties {

    public static final String MASK = "***";
    private static final Pattern SENSITIVE = Pattern.compile("password|passwd|secret|token|jaas|credential|(^|[._-])key$");

    private SensitiveProperties() {
    }

    /** Whether the value of property {@code name} must never be shown. */
    public static boolean isSensitive(String name) {
        return SENSITIVE.matcher(name.toLowerCase(Locale.ROOT)).find();
    }

    /** The properties sorted by name, sensitive values replaced by {@value #MASK}: for logs and toString. */
    public static Map<String, String> masked(Map<String, String> properties) {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((name, value) -> shown.put(name, isSensitive(name) ? MASK : value));
        return shown;
    }
}
