package io.cryptostream.cli;

import io.cryptostream.exchange.Venues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayRunTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void theSameFilesAndOptionsNameTheSameTopicAndCheckpoint(@TempDir Path dir) throws Exception {
        List<CaptureReplay.Source> sources = List.of(source(dir, "a.gz"), source(dir, "b.gz"));

        ReplayRun first = ReplayRun.of(sources, "127.0.0.1:19092", "cryptocompare", MINUTE, dir.resolve("checkpoints"));
        ReplayRun again = ReplayRun.of(sources, "127.0.0.1:19092", "cryptocompare", MINUTE, dir.resolve("checkpoints"));

        assertThat(again.tradesTopic()).isEqualTo(first.tradesTopic()).matches("replay-[0-9a-f]{16}");
        assertThat(again.checkpoint()).isEqualTo(first.checkpoint())
                .isEqualTo(dir.resolve("checkpoints").resolve(first.tradesTopic()));
    }

    @Test
    void anotherKeyspaceWindowOrChangedFileIsAnotherReplay(@TempDir Path dir) throws Exception {
        CaptureReplay.Source file = source(dir, "a.gz");
        String topic = ReplayRun.of(List.of(file), "k:1", "ks", MINUTE, dir).tradesTopic();

        assertThat(ReplayRun.of(List.of(file), "k:1", "other", MINUTE, dir).tradesTopic()).isNotEqualTo(topic);
        assertThat(ReplayRun.of(List.of(file), "k:1", "ks", Duration.ofMinutes(5), dir).tradesTopic()).isNotEqualTo(topic);
        Files.setLastModifiedTime(file.file(), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        assertThat(ReplayRun.of(List.of(file), "k:1", "ks", MINUTE, dir).tradesTopic()).isNotEqualTo(topic);
    }

    @Test
    void filesDeliveredToTheTopicAreRememberedByTheNextRun(@TempDir Path dir) throws Exception {
        CaptureReplay.Source a = source(dir, "a.gz");
        CaptureReplay.Source b = source(dir, "b.gz");
        ReplayRun first = ReplayRun.of(List.of(a, b), "k:1", "ks", MINUTE, dir.resolve("checkpoints"));
        assertThat(first.resumes()).isFalse();

        first.markDelivered(a.file());
        ReplayRun resumed = ReplayRun.of(List.of(a, b), "k:1", "ks", MINUTE, dir.resolve("checkpoints"));

        assertThat(resumed.resumes()).isTrue();
        assertThat(resumed.delivered(a.file())).isTrue();
        assertThat(resumed.delivered(b.file())).isFalse();
        assertThat(resumed.deliveredCount()).isEqualTo(1);
    }

    private static CaptureReplay.Source source(Path dir, String name) throws Exception {
        return new CaptureReplay.Source(Files.writeString(dir.resolve(name), name), Venues.named("kraken"));
    }
}
