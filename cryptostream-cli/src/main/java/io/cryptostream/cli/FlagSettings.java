package io.cryptostream.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The settings a command's flags give, each with the flag that gave it, so an error about a value names its flag. */
final class FlagSettings {

    private final Map<String, Object> values = new HashMap<>();
    private final Map<String, String> flags = new HashMap<>();

    /**
     * @param setting a path below {@code cryptostream.}
     * @param flag    the flag's primary name
     * @param value   the flag's value, null when it was not given
     */
    FlagSettings put(String setting, String flag, Object value) {
        values.put(setting, value instanceof Path path ? path.toString() : value instanceof Enum<?> constant ? constant.name() : value);
        flags.put(setting, flag);
        return this;
    }

    /** A value the command sets itself, whatever the flags and the settings file say. */
    FlagSettings fixed(String setting, Object value) {
        values.put(setting, value);
        return this;
    }

    FlagSettings with(SharedOptions.Setting... options) {
        for (SharedOptions.Setting option : options) {
            option.into(this);
        }
        return this;
    }

    CryptostreamConfig load(Path file) {
        return CryptostreamConfig.load(file, values, flags);
    }
}
