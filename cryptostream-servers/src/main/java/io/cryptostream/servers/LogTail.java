package io.cryptostream.servers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The end of a server's log, for error messages: reads only the last few KiB, however large the log. */
final class LogTail {

    private static final int LINES = 25;
    private static final int BYTES = 16 * 1024;

    private LogTail() {
    }

    /** The last lines of {@code file}, indented under a heading; empty if the file is missing or empty. */
    static String of(Path file) {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            if (size == 0) {
                return "";
            }
            long from = Math.max(0, size - BYTES);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - from));
            channel.position(from);
            int read;
            do {
                read = channel.read(buffer);
            } while (read > 0 && buffer.hasRemaining());
            List<String> lines = new ArrayList<>(Arrays.asList(
                    new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).split("\r?\n")));
            if (from > 0 && !lines.isEmpty()) {
                // Cut mid-line by the byte window.
                lines.remove(0);
            }
            List<String> tail = lines.subList(Math.max(0, lines.size() - LINES), lines.size());
            return "\nLast lines of " + file + ":\n    " + String.join("\n    ", tail);
        } catch (IOException e) {
            return "";
        }
    }
}
