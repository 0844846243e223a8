package io.cryptostream.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @TempDir
    Path dir;

    @Test
    void quotesTheLastTwentyFiveLinesIndentedUnderTheFileName() throws Exception {
        Path log = Files.write(dir.resolve("server.log"), lines(1, 100));

        String tail = LogTail.of(log);

        assertThat(tail).startsWith("\nLast lines of " + log + ":\n    line 76\n")
                .endsWith("\n    line 100")
                .doesNotContain("line 75\n");
        assertThat(tail.lines().count()).isEqualTo(1 + 1 + 25);
    }

    @Test
    void aLogLargerThanTheWindowStartsAtAWholeLine() throws Exception {
        // 16 KiB of 100-byte lines ends mid-line, 16384 = 163 * 100 + 84.
        String line = "x".repeat(99);
        Path log = Files.write(dir.resolve("big.log"), IntStream.range(0, 1_000).mapToObj(i -> line).toList());

        String tail = LogTail.of(log);

        assertThat(tail.lines().skip(2)).hasSize(25).allMatch(quoted -> quoted.equals("    " + line));
    }

    @Test
    void aMissingOrEmptyLogQuotesNothing() throws Exception {
        assertThat(LogTail.of(dir.resolve("absent.log"))).isEmpty();
        assertThat(LogTail.of(Files.createFile(dir.resolve("empty.log")))).isEmpty();
    }

    private static List<String> lines(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i).toList();
    }
}
