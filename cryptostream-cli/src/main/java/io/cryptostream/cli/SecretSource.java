package io.cryptostream.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a secret from an environment variable or, failing that, from the first line of a file: never from the
 * command line (argv is visible to every user of the machine). A failure names the file, never its content.
 */
final class SecretSource {

    private SecretSource() {
    }

    static Optional<String> read(Map<String, String> environment, String variable, Optional<Path> file) {
        String fromEnvironment = environment.get(variable);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(fromEnvironment.strip());
        }
        return file.map(path -> {
            try {
                String first = Files.readString(path, StandardCharsets.UTF_8).lines().findFirst().orElse("");
                if (first.isBlank()) {
                    throw new IllegalArgumentException("The secret file " + path + " (for " + variable + ") is empty");
                }
                return first.strip();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the secret file " + path + " (for " + variable + "): "
                        + e.getMessage(), e);
            }
        });
    }
}
