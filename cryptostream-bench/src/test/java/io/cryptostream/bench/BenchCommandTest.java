package io.cryptostream.bench;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BenchCommandTest {

    @Test
    void onlyTakesCommaSeparatedStagesInAnyCase() {
        BenchCommand command = new BenchCommand();
        commandLine(command).parseArgs("--only", "Spark,freshness");

        assertThat(command.only).containsExactly(Stage.SPARK, Stage.FRESHNESS);
    }

    @Test
    void anUnknownStageIsBadUsageNamingTheFlagAndTheStages() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = commandLine(new BenchCommand());
        commandLine.setErr(new PrintWriter(err));

        int exit = commandLine.execute("--quick", "--only", "spark,fresh");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--only").contains("fresh")
                .contains(List.of(Stage.values()).stream().map(Stage::toString).toList());
    }

    @Test
    void theSelectedStagesAreTheOnlyOnesRun() {
        BenchOptions options = BenchOptions.quick(java.nio.file.Path.of("out"))
                .only(java.util.EnumSet.of(Stage.FRESHNESS));

        assertThat(options.runs(Stage.FRESHNESS)).isTrue();
        assertThat(options.runs(Stage.SPARK)).isFalse();
        assertThat(options.runs(Stage.DECODE)).isFalse();
    }

    @Test
    void theHelpWrapsTheDescriptionAsOneParagraphNotAtTheSourcesLineEnds() {
        String usage = commandLine(new BenchCommand()).setUsageHelpWidth(200).getUsageMessage();

        assertThat(usage).contains("market count), the freshness curve").contains("(never ./var's). Writes bench.json");
    }

    private static CommandLine commandLine(BenchCommand command) {
        return new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
