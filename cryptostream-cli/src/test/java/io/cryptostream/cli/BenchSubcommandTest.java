package io.cryptostream.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The cryptostream command does not compile against the bench; it finds its subcommand on the classpath. */
class BenchSubcommandTest {

    @Test
    void theTopLevelHelpListsBench() {
        CommandOutput help = CommandOutput.run("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).containsPattern("(?m)^\\s+bench\\s+Measure every stage against this machine.s own limits");
    }

    @Test
    void benchHelpShowsItsOptions() {
        CommandOutput help = CommandOutput.run("bench", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: cryptostream bench", "--quick", "--out=DIR");
    }

    @Test
    void anUnknownBenchFlagIsBadUsage() {
        CommandOutput run = CommandOutput.run("bench", "--fast");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--fast");
    }
}
