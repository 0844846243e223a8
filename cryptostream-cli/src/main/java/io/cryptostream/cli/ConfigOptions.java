package io.cryptostream.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options every command with settings shares: the settings file and the work dir. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "HOCON settings file (default: ./cryptostream.conf when it exists). Flags override it.")
    Path file;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Local servers' data and logs, Spark checkpoints and "
            + "the spool (default: var in the project directory; env CRYPTOSTREAM_WORK_DIR).")
    Path workDir;

    /** The settings, checked: a bad key or value ends the command here, before it starts anything. */
    CryptostreamConfig load(FlagSettings flags) {
        return flags.put("work-dir", "--work-dir", workDir).load(file);
    }
}
