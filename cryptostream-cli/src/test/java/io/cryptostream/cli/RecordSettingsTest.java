package io.cryptostream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code record} runs ingest with: the frames the socket delivered, no trades recovered from a REST history. */
class RecordSettingsTest {

    @Test
    void record_turns_gap_fill_off_even_where_the_settings_file_turns_it_on(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.conf");
        Files.writeString(file, "cryptostream.ingest.gap-fill = true");
        RecordCommand record = new RecordCommand();
        new CommandLine(record).parseArgs("--venue", "coinbase", "--simulate", "--out", dir.resolve("frames.gz").toString(),
                "--config", file.toString());

        CryptostreamConfig config = record.settings("coinbase");

        assertThat(TradeFeed.gapFill(config).enabled()).isFalse();
        assertThat(TradeFeed.gapFill(CryptostreamConfig.load(file, Map.of())).enabled()).isTrue();
    }

    @Test
    void the_settings_files_simulate_holds_without_the_flag(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("app.conf"), "cryptostream.simulate = true");
        RecordCommand record = new RecordCommand();
        new CommandLine(record).parseArgs("--venue", "kraken", "--out", dir.resolve("frames.gz").toString(),
                "--config", file.toString());

        assertThat(record.settings("kraken").bool("simulate")).isTrue();
    }

    @Test
    void the_settings_files_record_duration_holds_unless_the_flag_is_given(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("app.conf"), "cryptostream.record.duration = 5s");
        String out = dir.resolve("frames.gz").toString();
        RecordCommand fromFile = new RecordCommand();
        new CommandLine(fromFile).parseArgs("--venue", "kraken", "--out", out, "--config", file.toString());
        RecordCommand fromFlag = new RecordCommand();
        new CommandLine(fromFlag).parseArgs("--venue", "kraken", "--out", out, "--config", file.toString(),
                "--duration", "7s");

        assertThat(fromFile.settings("kraken").duration("record.duration")).isEqualTo(Duration.ofSeconds(5));
        assertThat(fromFlag.settings("kraken").duration("record.duration")).isEqualTo(Duration.ofSeconds(7));
    }
}
