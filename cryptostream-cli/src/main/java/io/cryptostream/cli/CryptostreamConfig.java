package io.cryptostream.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting, resolved in this order: command-line flags, then the HOCON file, then environment variables
 * named in reference.conf, then reference.conf's defaults.
 */
public final class CryptostreamConfig {

    public static final Path DEFAULT_FILE = Path.of("cryptostream.conf");
    private static final String ROOT = "cryptostream.";

    private final Config config;

    private CryptostreamConfig(Config config) {
        this.config = config;
    }

    /**
     * @param file      the user's HOCON file, or null for ./cryptostream.conf when it exists
     * @param overrides flag values by setting path below {@code cryptostream.} (nulls are ignored)
     */
    public static CryptostreamConfig load(Path file, Map<String, ?> overrides) {
        Config fromFile = ConfigFactory.empty();
        Path chosen = file != null ? file : (Files.isRegularFile(DEFAULT_FILE) ? DEFAULT_FILE : null);
        if (chosen != null) {
            if (!Files.isRegularFile(chosen)) {
                throw new IllegalArgumentException("Config file " + chosen.toAbsolutePath() + " does not exist.");
            }
            try {
                fromFile = ConfigFactory.parseFile(chosen.toFile());
            } catch (ConfigException e) {
                throw new IllegalArgumentException("Config file " + chosen + " is not valid HOCON: " + e.getMessage(), e);
            }
        }
        Map<String, Object> flags = new LinkedHashMap<>();
        overrides.forEach((path, value) -> {
            if (value != null) {
                flags.put(ROOT + path, value instanceof List<?> list ? ConfigValueFactory.fromIterable(list) : value);
            }
        });
        try {
            Config resolved = ConfigFactory.parseMap(flags, "command-line flags")
                    .withFallback(fromFile)
                    .withFallback(ConfigFactory.defaultReference())
                    .resolve();
            return new CryptostreamConfig(resolved);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("Invalid setting: " + e.getMessage(), e);
        }
    }

    public String string(String path) {
        return get(() -> config.getString(ROOT + path), path);
    }

    /** The string at {@code path}, empty when it is blank (meaning "not configured"). */
    public Optional<String> optionalString(String path) {
        String value = string(path);
        return value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** Like {@link #optionalString} for a setting that reference.conf need not define (per-source URLs). */
    public Optional<String> optionalStringIfPresent(String path) {
        return config.hasPath(ROOT + path) ? optionalString(path) : Optional.empty();
    }

    public int integer(String path) {
        return get(() -> config.getInt(ROOT + path), path);
    }

    public boolean bool(String path) {
        return get(() -> config.getBoolean(ROOT + path), path);
    }

    public double number(String path) {
        return get(() -> config.getDouble(ROOT + path), path);
    }

    /** A size in bytes: a number, or HOCON's units such as {@code 512 MiB}. */
    public long bytes(String path) {
        return get(() -> config.getBytes(ROOT + path), path);
    }

    public Duration duration(String path) {
        return get(() -> config.getDuration(ROOT + path), path);
    }

    public List<String> strings(String path) {
        return get(() -> config.getStringList(ROOT + path), path);
    }

    public Map<String, Integer> integers(String path) {
        Config section = get(() -> config.getConfig(ROOT + path), path);
        Map<String, Integer> values = new LinkedHashMap<>();
        section.root().keySet().forEach(key -> values.put(key, section.getInt("\"" + key + "\"")));
        return values;
    }

    /** A section of string values, e.g. free-form Spark properties; keys may contain dots. */
    public Map<String, String> properties(String path) {
        Config section = get(() -> config.getConfig(ROOT + path), path);
        Map<String, String> values = new LinkedHashMap<>();
        section.entrySet().forEach(entry -> values.put(
                String.join(".", com.typesafe.config.ConfigUtil.splitPath(entry.getKey())),
                String.valueOf(entry.getValue().unwrapped())));
        return values;
    }

    public Path workDir() {
        return Path.of(string("work-dir")).toAbsolutePath().normalize();
    }

    private static <T> T get(java.util.function.Supplier<T> read, String path) {
        try {
            return read.get();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("Setting cryptostream." + path + ": " + e.getMessage(), e);
        }
    }
}
