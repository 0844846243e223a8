package io.cryptostream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
