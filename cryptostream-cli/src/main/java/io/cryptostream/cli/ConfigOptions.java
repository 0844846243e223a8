package io.cryptostream.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/** The {@code --config} option every command shares. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "HOCON settings file (default: ./cryptostream.conf when it exists). Flags override it.")
    Path file;

    CryptostreamConfig load(Map<String, ?> overrides) {
        return CryptostreamConfig.load(file, overrides);
    }
}
