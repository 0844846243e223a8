package io.cryptostream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code replay} reads from its flags and the settings file. */
class ReplaySettingsTest {

    @Test
    void theSettingsFilesReplayWaitHoldsUnlessTheFlagIsGiven(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("app.conf"), "cryptostream.replay.wait = 3m");
        String capture = dir.resolve("capture.gz").toString();
        ReplayCommand fromFile = new ReplayCommand();
        new CommandLine(fromFile).parseArgs(capture, "--venue", "kraken", "--config", file.toString());
        ReplayCommand fromFlag = new ReplayCommand();
        new CommandLine(fromFlag).parseArgs(capture, "--venue", "kraken", "--config", file.toString(), "--wait", "4m");

        assertThat(fromFile.settings().duration("replay.wait")).isEqualTo(Duration.ofMinutes(3));
        assertThat(fromFlag.settings().duration("replay.wait")).isEqualTo(Duration.ofMinutes(4));
    }
}
