package io.cryptostream.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * reference.conf read as the schema of every setting: its keys are the only keys, and each default's type is the
 * type a value must have (a default such as {@code 30s} makes a duration, {@code 1 GiB} a size). An empty section
 * ({@code kafka.properties {}}) holds free-form keys; {@code <venue>.url} names another endpoint of a venue,
 * {@code <venue>.history-url} another host of its REST trade history, {@code <venue>.candles-url} of its REST candles.
 */
final class SettingsSchema {

    private static final String ROOT = "cryptostream";
    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    /** A setting below {@code cryptostream.} and what is wrong with it. */
    record Problem(String path, String text) {
    }

    private final Config reference;
    private final Set<String> keys = new TreeSet<>();
    private final Set<String> freeFormSections = new TreeSet<>();

    /**
     * @param reference reference.conf's {@code cryptostream} section
     * @param venues    the venue names whose {@code <venue>.url}, {@code .history-url} and {@code .candles-url} may be set
     */
    SettingsSchema(Config reference, Iterable<String> venues) {
        this.reference = reference;
        reference.entrySet().forEach(entry -> keys.add(entry.getKey()));
        collectFreeFormSections(reference.root(), "");
        venues.forEach(venue -> {
            keys.add(venue + ".url");
            keys.add(venue + ".history-url");
            keys.add(venue + ".candles-url");
        });
    }

    /** The first key below {@code cryptostream} in {@code user} that no setting has, with the key it likely meant. */
    Optional<Problem> unknownKey(Config user) {
        if (!user.hasPath(ROOT)) {
            return Optional.empty();
        }
        for (Map.Entry<String, ConfigValue> entry : user.getConfig(ROOT).entrySet()) {
            String key = entry.getKey();
            if (!isKnown(key)) {
                return Optional.of(new Problem(key, "Unknown key " + ROOT + "." + key + " ("
                        + entry.getValue().origin().description() + "): " + suggestion(key)));
            }
        }
        return Optional.empty();
    }

    /** The first setting of {@code resolved}'s {@code cryptostream} section whose value is not of its default's type. */
    Optional<Problem> wronglyTyped(Config resolved) {
        for (Map.Entry<String, ConfigValue> setting : reference.entrySet()) {
            String path = setting.getKey();
            Optional<String> expected = check(resolved, path, setting.getValue());
            if (expected.isPresent()) {
                String was = resolved.hasPath(path) ? ", was '" + resolved.getValue(path).unwrapped() + "'" : "";
                return Optional.of(new Problem(path, "must be " + expected.get() + was));
            }
        }
        return Optional.empty();
    }

    /** What {@code path} must be, when its value in {@code resolved} is not that. */
    private static Optional<String> check(Config resolved, String path, ConfigValue byDefault) {
        try {
            if (byDefault.valueType() == ConfigValueType.NUMBER) {
                resolved.getNumber(path);
            } else if (byDefault.valueType() == ConfigValueType.BOOLEAN) {
                resolved.getBoolean(path);
            } else if (byDefault.valueType() == ConfigValueType.LIST) {
                resolved.getList(path);
            } else if (byDefault.valueType() == ConfigValueType.STRING) {
                Config defaults = byDefault.atKey("value");
                if (parses(() -> defaults.getDuration("value"))) {
                    resolved.getDuration(path);
                } else if (parses(() -> defaults.getBytes("value"))) {
                    resolved.getBytes(path);
                } else {
                    resolved.getString(path);
                }
            }
            return Optional.empty();
        } catch (ConfigException e) {
            return Optional.of(switch (byDefault.valueType()) {
                case NUMBER -> "a number";
                case BOOLEAN -> "true or false";
                case LIST -> "a list, e.g. [a, b]";
                default -> parses(() -> byDefault.atKey("value").getDuration("value")) ? "a duration such as 30s, 5m or 1 minute"
                        : parses(() -> byDefault.atKey("value").getBytes("value")) ? "a size such as 512MiB or 1 GiB"
                        : "a text";
            });
        }
    }

    private static boolean parses(Runnable read) {
        try {
            read.run();
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }

    private boolean isKnown(String key) {
        if (keys.contains(key)) {
            return true;
        }
        List<String> segments = ConfigUtil.splitPath(key);
        for (int length = 1; length < segments.size(); length++) {
            if (freeFormSections.contains(ConfigUtil.joinPath(segments.subList(0, length)))) {
                return true;
            }
        }
        return false;
    }

    /** The closest key when a typo is likely, else the keys of the section the unknown key is in. */
    private String suggestion(String key) {
        Comparator<String> byDistance = Comparator.comparingInt(candidate -> DISTANCE.apply(key, candidate));
        List<String> candidates = new ArrayList<>(keys);
        candidates.addAll(freeFormSections);
        String closest = candidates.stream().min(byDistance).orElseThrow();
        if (DISTANCE.apply(key, closest) <= Math.max(2, key.length() / 4)) {
            return "did you mean " + ROOT + "." + closest + "?";
        }
        List<String> segments = ConfigUtil.splitPath(key);
        String section = segments.size() > 1 ? ConfigUtil.joinPath(segments.subList(0, segments.size() - 1)) : "";
        List<String> siblings = candidates.stream().filter(candidate -> section.isEmpty()
                ? !candidate.contains(".") : candidate.startsWith(section + "."))
                .map(candidate -> section.isEmpty() ? candidate : candidate.substring(section.length() + 1)).toList();
        String prefix = section.isEmpty() ? ROOT : ROOT + "." + section;
        return siblings.isEmpty() ? "no setting has this name; every setting is listed in reference.conf"
                : "the keys of " + prefix + " are " + String.join(", ", siblings);
    }

    private void collectFreeFormSections(ConfigObject section, String prefix) {
        section.forEach((name, value) -> {
            String path = prefix.isEmpty() ? ConfigUtil.joinPath(name) : prefix + "." + ConfigUtil.joinPath(name);
            if (value instanceof ConfigObject child) {
                if (child.isEmpty()) {
                    freeFormSections.add(path);
                } else {
                    collectFreeFormSections(child, path);
                }
            }
        });
    }
}
