package io.cryptostream.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The defaults the help states are reference.conf's, read from it rather than written a second time. */
class HelpDefaultsTest {

    private final CryptostreamConfig defaults = CryptostreamConfig.load(null, Map.of());

    @Test
    void theHelpStatesReferenceConfsDefaults() {
        assertThat(help("run")).contains(
                "(default: " + defaults.string("spark.window") + ")",
                "(default: " + defaults.string("spark.master") + ")",
                "(default: " + defaults.string("ingest.spool.max-bytes") + ")");
        assertThat(help("demo")).contains(
                "(default: " + defaults.string("demo.show-every") + ")",
                "(default: " + defaults.string("dashboard.port") + ")");
        assertThat(help("aggregate")).contains(
                "(default: " + defaults.string("kafka.max-offsets-per-trigger") + ")");
    }

    @Test
    void theHelpStatesTheDefaultNotWhatAnEnvironmentVariableMakesOfIt() {
        assertThat(System.getenv("CRYPTOSTREAM_METRICS_PORT")).as("set by the test run").isEqualTo("0");

        assertThat(help("run")).contains("(default: 9464; env CRYPTOSTREAM_METRICS_PORT)");
    }

    @Test
    void everyCommandsHelpHasEveryPlaceholderFilledIn() {
        List<CommandLine> commands = new ArrayList<>();
        collect(CryptostreamCommand.commandLine(), commands);

        assertThat(commands).hasSizeGreaterThan(10);
        for (CommandLine command : commands) {
            String usage = command.getUsageMessage();
            assertThat(usage).as(command.getCommandSpec().qualifiedName())
                    .doesNotContain("${").doesNotContain("(default: null");
        }
    }

    /** The help as one line: where picocli wraps it depends on the text around a value. */
    private static String help(String command) {
        return CommandOutput.run("help", command).out().replaceAll("\\s+", " ");
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, into));
    }
}
