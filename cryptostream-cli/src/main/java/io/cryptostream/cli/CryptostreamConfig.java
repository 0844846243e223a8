package io.cryptostream.cli;

import io.cryptostream.exchange.Venues;
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

    /** The launcher's directory, where the default work dir {@code var} lives. */
    static final String HOME_PROPERTY = "cryptostream.home";

    private final Config config;
    private final Map<String, String> flagNames;

    private CryptostreamConfig(Config config, Map<String, String> flagNames) {
        this.config = config;
        this.flagNames = Map.copyOf(flagNames);
    }

    /**
     * @param file      the user's HOCON file, or null for ./cryptostream.conf when it exists
     * @param overrides flag values by setting path below {@code cryptostream.} (nulls are ignored)
     */
    public static CryptostreamConfig load(Path file, Map<String, ?> overrides) {
        return load(file, overrides, Map.of());
    }

    /**
     * Like {@link #load(Path, Map)}; {@code flagNames} names the flag of each setting in {@code overrides}, so that an
     * error about a value a flag gave names that flag (a setting whose flag was not given names its key). Every key
     * and every value's type is checked here, before a command starts anything: unknown keys under
     * {@code cryptostream} and values of the wrong type are {@link BadSettingException}s.
     */
    public static CryptostreamConfig load(Path file, Map<String, ?> overrides, Map<String, String> flagNames) {
        Config fromFile = ConfigFactory.empty();
        Path chosen = file != null ? file : (Files.isRegularFile(DEFAULT_FILE) ? DEFAULT_FILE : null);
        if (chosen != null) {
            if (!Files.isRegularFile(chosen)) {
                throw new BadSettingException("--config: the settings file " + chosen.toAbsolutePath() + " does not exist.");
            }
            try {
                fromFile = venueFromOlderKey(ConfigFactory.parseFile(chosen.toFile()));
            } catch (ConfigException e) {
                throw new BadSettingException("Config file " + chosen + " is not valid HOCON: " + e.getMessage(), e);
            }
        }
        Map<String, Object> flags = new LinkedHashMap<>();
        overrides.forEach((path, value) -> {
            if (value != null) {
                flags.put(ROOT + path, value instanceof List<?> list ? ConfigValueFactory.fromIterable(list) : value);
            }
        });
        Config fromFlags = ConfigFactory.parseMap(flags, "command-line flags");
        Config reference = ConfigFactory.defaultReference();
        Config resolved;
        try {
            resolved = fromFlags.withFallback(fromFile).withFallback(reference).resolve();
        } catch (ConfigException e) {
            throw new BadSettingException("Invalid setting: " + e.getMessage(), e);
        }
        Map<String, String> givenFlags = new LinkedHashMap<>(flagNames);
        givenFlags.keySet().removeIf(path -> overrides.get(path) == null);
        CryptostreamConfig config = new CryptostreamConfig(resolved, givenFlags);
        SettingsSchema schema = new SettingsSchema(reference.getConfig("cryptostream"), Venues.names());
        schema.unknownKey(fromFile.withFallback(fromFlags)).ifPresent(key -> {
            throw new BadSettingException(key.text());
        });
        schema.wronglyTyped(resolved.getConfig("cryptostream")).ifPresent(setting -> {
            throw config.invalid(setting.path(), setting.text());
        });
        return config;
    }

    /** Settings files written before the feed's origin was called the venue everywhere said {@code source}. */
    private static Config venueFromOlderKey(Config file) {
        String older = ROOT + "source";
        if (!file.hasPath(older) || file.hasPath(ROOT + "venue")) {
            return file;
        }
        return file.withValue(ROOT + "venue", file.getValue(older)).withoutPath(older);
    }

    /**
     * A setting's value is unusable: the error names the flag that gave it, or else the key and where it was set
     * (file and line, or the defaults).
     */
    public BadSettingException invalid(String path, String problem) {
        String flag = flagNames.get(path);
        String where = flag != null ? flag + " (" + ROOT + path + ")"
                : ROOT + path + (config.hasPath(ROOT + path) ? " (" + config.getValue(ROOT + path).origin().description() + ")" : "");
        return new BadSettingException(where + ": " + problem);
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

    /**
     * The configured work dir, else {@code var} in the project directory the launcher passes as
     * {@value #HOME_PROPERTY} (the current directory without the launcher), so every command finds the same local
     * servers wherever it is run from.
     */
    public Path workDir() {
        return workDir(System.getProperty(HOME_PROPERTY, ""));
    }

    Path workDir(String home) {
        return optionalString("work-dir").map(Path::of).orElse(Path.of(home).resolve("var")).toAbsolutePath().normalize();
    }

    private <T> T get(java.util.function.Supplier<T> read, String path) {
        try {
            return read.get();
        } catch (ConfigException e) {
            throw invalid(path, e.getMessage());
        }
    }
}
