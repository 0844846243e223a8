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

    CryptostreamConfig load(Path file) {
        return CryptostreamConfig.load(file, values, flags);
    }
}
