package io.cryptostream.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A venue API key. It prints as {@code ***} so that settings, records and exceptions holding it never leak it
 * into a log line; only the WebSocket handshake reads the value, through {@link #reveal()}.
 */
public final class ApiKey {

    private static final String MASK = "***";

    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    public static ApiKey of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("API key must not be blank");
        }
        return new ApiKey(value.strip());
    }

    /** The key in {@code variable} of {@code environment} (pass {@link System#getenv()}), if set and not blank. */
    public static Optional<ApiKey> fromEnvironment(Map<String, String> environment, String variable) {
        String value = environment.get(variable);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(new ApiKey(value.strip()));
    }

    /** The first line of a key file. The message of a failure names the file, never its content. */
    public static ApiKey fromFile(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API key file " + file + ": " + e.getMessage(), e);
        }
        String firstLine = content.lines().findFirst().orElse("");
        if (firstLine.isBlank()) {
            throw new IllegalArgumentException("the API key file " + file + " is empty");
        }
        return new ApiKey(firstLine.strip());
    }

    /** The secret itself; only for the request that authenticates. */
    public String reveal() {
        return value;
    }

    /** {@code text} with every occurrence of the key masked, for server messages and errors that are logged. */
    public String redact(String text) {
        return text == null ? null : text.replace(value, MASK);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKey key && key.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "ApiKey[" + MASK + "]";
    }
}
