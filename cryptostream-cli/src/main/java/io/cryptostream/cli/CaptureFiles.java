package io.cryptostream.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Opens capture files for reading or writing, gzip when the name ends in {@code .gz} (or the content is gzip). */
final class CaptureFiles {

    private CaptureFiles() {
    }

    static BufferedReader read(Path file) {
        try {
            InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file));
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            return new BufferedReader(new InputStreamReader(gzip ? new GZIPInputStream(in, 1 << 16) : in,
                    StandardCharsets.UTF_8), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Capture file " + file.toAbsolutePath() + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read capture file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    static BufferedWriter write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            var out = Files.newOutputStream(file);
            return new BufferedWriter(new OutputStreamWriter(file.toString().endsWith(".gz")
                    ? new GZIPOutputStream(out, 1 << 16) : out, StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write capture file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** Bytes of the file, for a progress bar over a compressed or plain file. */
    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
