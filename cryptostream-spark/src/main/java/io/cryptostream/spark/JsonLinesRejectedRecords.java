package io.cryptostream.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends rejected records to a file, one JSON object per line (the same objects {@link KafkaRejectedRecords}
 * publishes), and forces them to disk before the batch counts as done. For the in-process source, whose records
 * exist nowhere else.
 */
public final class JsonLinesRejectedRecords implements RejectedRecordSink {

    private final Path file;

    public JsonLinesRejectedRecords(Path file) {
        this.file = file.toAbsolutePath();
    }

    public Path file() {
        return file;
    }

    @Override
    public void write(Dataset<Row> rejected) {
        List<String> lines = rejected.toJSON().collectAsList();
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append rejected trade records to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "file " + file;
    }
}
