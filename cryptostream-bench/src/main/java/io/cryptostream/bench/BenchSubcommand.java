package io.cryptostream.bench;

import picocli.CommandLine;

/**
 * {@code bench} as a subcommand of {@code cryptostream}: the command line finds it through
 * {@link java.util.ServiceLoader} (registered in {@code META-INF/services/picocli.CommandLine}), so it runs the bench
 * without compiling against it.
 */
public final class BenchSubcommand extends CommandLine {

    public BenchSubcommand() {
        super(new BenchCommand());
    }
}
