package io.cryptostream.spark;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobCheckpointTest {

    @Test
    void aCheckpointPathThatIsAFileIsRefusedInOneLineNamingTheFlag(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("checkpoint"), "not a directory");

        assertThatThrownBy(() -> JobCheckpoint.requireDirectory(file.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("\n")
                .hasMessageContaining("The checkpoint directory " + file + " is a file")
                .hasMessageContaining("--checkpoint");
        assertThatThrownBy(() -> JobCheckpoint.requireDirectory(file.resolve("sub").toString()))
                .hasMessageContaining("lies under the file " + file);
    }

    @Test
    void aMissingDirectoryOrARemoteUriIsAccepted(@TempDir Path dir) {
        assertThatCode(() -> JobCheckpoint.requireDirectory(dir.resolve("a/b").toString())).doesNotThrowAnyException();
        assertThatCode(() -> JobCheckpoint.requireDirectory("hdfs://namenode/checkpoints")).doesNotThrowAnyException();
    }

    @Test
    void aCheckpointGivenAsAUriKeepsItsRecordInsideItAndRefusesAnotherWindow(@TempDir Path dir) {
        JobSettings settings = JobSettings.defaults().withCheckpointDir(dir.toUri().toString());
        Configuration hadoop = new Configuration();

        JobCheckpoint.record(hadoop, settings, JobCheckpoint.STATE_LAYOUT);

        assertThat(dir.resolve(JobCheckpoint.FILE_NAME)).exists();
        assertThatCode(() -> JobCheckpoint.verify(hadoop, settings, JobCheckpoint.STATE_LAYOUT))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> JobCheckpoint.verify(hadoop, settings.withWindow(Duration.ofMinutes(5), settings.watermark()),
                JobCheckpoint.STATE_LAYOUT))
                .isInstanceOf(CheckpointMismatchException.class)
                .hasMessageContaining("window PT1M and this run uses PT5M");
    }
}
