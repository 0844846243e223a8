package io.cryptostream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import io.cryptostream.store.CandleInterval;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What a person meets first: the help, bad usage, flag names, the version and shell completion. */
class CommandLineUsageTest {

    /** The original CryptoCompare tutorial's spellings and the earlier names of --venue, kept so nothing breaks. */
    private static final Set<String> ALIASES = Set.of("--kafkabroker", "--kafkatopic", "--cassandraurl", "--source", "--exchange");

    @Test
    void helpListsEveryCommandWithItsWholeOneLineSummary() {
        CommandOutput help = CommandOutput.run("--help");

        assertThat(help.exitCode()).isZero();
        for (CommandLine command : everyCommand()) {
            String[] header = command.getCommandSpec().usageMessage().header();
            assertThat(header).as(command.getCommandName()).hasSize(1);
            assertThat(header[0]).as(command.getCommandName()).endsWith(".");
        }
        CryptostreamCommand.commandLine().getSubcommands().forEach((name, command) -> {
            String summary = String.join(" ", command.getCommandSpec().usageMessage().header().length > 0
                    ? command.getCommandSpec().usageMessage().header() : command.getCommandSpec().usageMessage().description());
            assertThat(help.out()).as(name).containsPattern("(?m)^  " + name + " +" + java.util.regex.Pattern.quote(summary) + "$");
        });
    }

    @Test
    void everyFlagIsKebabCaseAndOnlyTheKnownAliasesDifferFromIt() {
        for (CommandLine command : everyCommand()) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                String[] names = option.names();
                if (option.usageHelp() || option.versionHelp()) {
                    continue;
                }
                assertThat(names[0]).as(command.getCommandSpec().qualifiedName()).matches("--[a-z0-9]+(-[a-z0-9]+)*");
                assertThat(Arrays.asList(names).subList(1, names.length)).as(names[0]).allMatch(ALIASES::contains);
            }
        }
    }

    @Test
    void theTutorialsFlagSpellingsStillWork() {
        CommandLine.ParseResult parsed = CryptostreamCommand.commandLine().parseArgs("run", "--kafkabroker", "k:9092",
                "--kafkatopic", "t", "--cassandraurl", "c:9042", "--source", "kraken");
        RunCommand run = (RunCommand) parsed.subcommand().commandSpec().userObject();

        assertThat(List.of(run.kafkaJob.kafkaBroker.value, run.kafkaJob.kafkaTopic.value, run.kafkaJob.cassandraUrl.value, run.venue))
                .containsExactly("k:9092", "t", "c:9042", "kraken");
        ReplayCommand replay = (ReplayCommand) CryptostreamCommand.commandLine()
                .parseArgs("replay", "capture.gz", "--exchange", "binance").subcommand().commandSpec().userObject();
        assertThat(replay.venues).containsExactly("binance");
    }

    @Test
    void enumValuesAreCaseInsensitive() {
        RunCommand run = (RunCommand) CryptostreamCommand.commandLine().parseArgs("run", "--mode", "MEMORY")
                .subcommand().commandSpec().userObject();
        CandlesCommand candles = (CandlesCommand) CryptostreamCommand.commandLine().parseArgs("candles", "--exchange", "Kraken",
                "--symbol", "BTC-USD", "--from", "2026-11-21", "--to", "2026-11-22", "--format", "CSV")
                .subcommand().commandSpec().userObject();

        assertThat(run.mode).isEqualTo(RunCommand.Mode.memory);
        assertThat(candles.format).isEqualTo(CandlesCommand.Format.csv);
    }

    @Test
    void candlesTakeAnIntervalNamedAsVenuesNameKlinesAndFillOnRequest() {
        CandlesCommand byDefault = (CandlesCommand) CryptostreamCommand.commandLine().parseArgs("candles", "--exchange",
                "Kraken", "--symbol", "BTC-USD", "--from", "2026-11-21", "--to", "2026-11-22")
                .subcommand().commandSpec().userObject();
        CandlesCommand fourHours = (CandlesCommand) CryptostreamCommand.commandLine().parseArgs("candles", "--exchange",
                "Kraken", "--symbol", "BTC-USD", "--from", "2026-11-21", "--to", "2026-11-22", "--interval", "4H", "--fill")
                .subcommand().commandSpec().userObject();

        assertThat(List.of(byDefault.interval, byDefault.fill)).containsExactly(CandleInterval.MINUTE, false);
        assertThat(List.of(fourHours.interval, fourHours.fill)).containsExactly(CandleInterval.FOUR_HOURS, true);
        assertThat(CommandOutput.run("help", "candles").out()).contains("1m, 5m, 15m, 30m, 1h, 4h, 1d", "--fill");
    }

    @Test
    void verifyNamesItsExitCodesInItsHelp() {
        assertThat(CommandOutput.run("help", "verify").out())
                .contains("Exit codes:", "0   no minute differs", "1   some minutes differ", "candles-url");
    }

    static Stream<Arguments> badUsage() {
        List<String> candles = List.of("candles", "--exchange", "Kraken", "--symbol", "BTC-USD");
        return Stream.of(
                Arguments.of("--from", concat(candles, "--from", "yesterday", "--to", "2026-11-22")),
                Arguments.of("--to", concat(candles, "--from", "2026-11-22", "--to", "2026-11-21")),
                Arguments.of("--symbol", List.of("candles", "--exchange", "Kraken", "--symbol", "BTCUSD",
                        "--from", "2026-11-21", "--to", "2026-11-22")),
                Arguments.of("--format", concat(candles, "--from", "2026-11-21", "--to", "2026-11-22", "--format", "xml")),
                Arguments.of("--interval", concat(candles, "--from", "2026-11-21", "--to", "2026-11-22", "--interval", "2h")),
                Arguments.of("--exchange", List.of("verify", "--exchange", "cryptocompare", "--symbol", "BTC-USD",
                        "--from", "2026-11-21", "--to", "2026-11-22")),
                Arguments.of("--from", List.of("verify", "--exchange", "kraken", "--symbol", "BTC-USD",
                        "--from", "yesterday", "--to", "2026-11-22")),
                Arguments.of("--mode", List.of("run", "--mode", "foo")),
                Arguments.of("--venue", List.of("run", "--venue", "krakn", "--timeout", "1")),
                Arguments.of("--venue", List.of("run", "--source", "krakn", "--timeout", "1")),
                Arguments.of("--markets", List.of("run", "--venue", "kraken", "--markets", "BTC/USD,XBT", "--timeout", "1")),
                Arguments.of("--watchlist", List.of("run", "--watchlist", "Coinbase-BTC-USD", "--timeout", "1")),
                Arguments.of("--window", List.of("run", "--window", "soon", "--timeout", "1")),
                Arguments.of("--timeout", List.of("run", "--timeout", "-1")),
                Arguments.of("--kafka-format", List.of("run", "--kafka-format", "xml", "--timeout", "1")),
                Arguments.of("--kafka-format", List.of("demo", "--kafka-format", "protobuf", "--duration", "1s")),
                Arguments.of("--kafka-format", List.of("replay", "capture.gz", "--venue", "kraken", "--kafka-format", "csv")),
                Arguments.of("--venue", List.of("demo", "--venue", "krakn", "--duration", "1s")),
                Arguments.of("--duration", List.of("demo", "--duration", "a while")),
                Arguments.of("--venue", List.of("record", "--venue", "krakn", "--out", "frames.gz")),
                Arguments.of("--url", List.of("record", "--venue", "kraken", "--url", "ws://bad host", "--out", "frames.gz")),
                Arguments.of("--venue", List.of("replay", "capture.gz", "--venue", "krakn")),
                Arguments.of("--speed", List.of("replay", "capture.gz", "--venue", "kraken", "--speed", "fast")),
                Arguments.of("--kafka-topic", List.of("replay", "capture.gz", "--venue", "kraken", "--kafka-topic", "mine")),
                Arguments.of("--kafka-port", List.of("servers", "status", "--kafka-port", "many")),
                Arguments.of("--metrics-url", List.of("dashboard", "--metrics-url", "localhost:9464/metrics",
                        "--cassandra-url", "127.0.0.1:1")),
                Arguments.of("--trigger", List.of("aggregate", "--trigger", "often", "--timeout", "1")),
                Arguments.of("--cassandra-url", List.of("aggregate", "--cassandra-url", "cass1:nine", "--timeout", "1")),
                Arguments.of("--cassandra-url", List.of("cql", "select now() from system.local", "--cassandraurl", "cass1:nine")));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badUsage")
    void badUsageExitsWithTwoNamingTheFlagBeforeAnythingStarts(String flag, List<String> args, @TempDir Path work) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--work-dir", work.toString()));

        CommandOutput result = CommandOutput.run(all.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).contains(flag).contains("See ./cryptostream " + args.get(0));
        assertThat(result.out()).as("nothing was started or announced").isEmpty();
    }

    @Test
    void anUnknownKeyInTheSettingsFileIsBadUsageNamingTheKeyMeant(@TempDir Path work) throws Exception {
        Path file = Files.writeString(work.resolve("app.conf"), "cryptostream.kafka.topik = mine\n");

        CommandOutput result = CommandOutput.run("run", "--config", file.toString(), "--work-dir", work.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("Unknown key cryptostream.kafka.topik (" + file)
                .contains("did you mean cryptostream.kafka.topic?");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void versionIsTheBuiltOne() {
        CommandOutput result = CommandOutput.run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("cryptostream " + BuildVersion.version() + "\n");
        assertThat(BuildVersion.version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void completionCoversEveryCommandAndTheLauncherByItsPath() {
        CommandOutput result = CommandOutput.run("completion", "bash");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("complete -F _complete_cryptostream -o default ./cryptostream")
                .contains("--kafka-broker", "--venue", "replay", "servers");
        for (String command : CryptostreamCommand.commandLine().getSubcommands().keySet()) {
            assertThat(result.out()).contains(command);
        }
    }

    private static List<CommandLine> everyCommand() {
        List<CommandLine> all = new ArrayList<>();
        collect(CryptostreamCommand.commandLine(), all);
        return all;
    }

    private static void collect(CommandLine command, List<CommandLine> all) {
        CommandSpec spec = command.getCommandSpec();
        if (!(spec.userObject() instanceof CommandLine.HelpCommand)) {
            all.add(command);
        }
        command.getSubcommands().values().forEach(sub -> collect(sub, all));
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
