package io.cryptostream.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * Guards the checkpoint directory. Spark notices some changes (a different state layout) only when the first
 * batch runs and others not at all: a changed window length keeps the same state schema and would silently mix
 * window sizes. So the job records its window, watermark and state layout next to Spark's files and refuses to
 * start when they differ; failures Spark raises later are translated by {@link #explain}. The file is read and
 * written through Hadoop's file systems, as Spark's own checkpoint files are, so a checkpoint on HDFS or S3 keeps it
 * beside them.
 */
final class JobCheckpoint {

    /** Bump when {@link TradeWindowAggregator}'s stateful operators, grouping or aggregates change. */
    static final String STATE_LAYOUT = "market-window-by-side-v4";
    static final String FILE_NAME = "cryptostream-job.properties";

    private JobCheckpoint() {
    }

    /**
     * @param hadoop      the session's Hadoop configuration, which names the checkpoint's file system
     * @param stateLayout names the query's grouping and aggregates; another query's checkpoint is refused
     */
    static void verify(Configuration hadoop, JobSettings settings, String stateLayout) {
        requireDirectory(settings.checkpointDir());
        org.apache.hadoop.fs.Path file = recordFile(settings);
        Properties recorded = new Properties();
        try {
            FileSystem fs = file.getFileSystem(hadoop);
            if (!fs.exists(file)) {
                return;
            }
            try (Reader reader = new InputStreamReader(fs.open(file), StandardCharsets.UTF_8)) {
                recorded.load(reader);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Properties expected = describe(settings, stateLayout);
        for (String key : expected.stringPropertyNames()) {
            String was = recorded.getProperty(key);
            if (!expected.getProperty(key).equals(was)) {
                throw new CheckpointMismatchException(settings.checkpointDir(), "it was written with " + key + " "
                        + was + " and this run uses " + expected.getProperty(key), null);
            }
        }
    }

    /**
     * Hadoop would report a checkpoint path that is (or lies under) a file only when the query starts, with a stack
     * trace. A URI (hdfs://, s3a://) is left to Hadoop.
     */
    static void requireDirectory(String checkpointDir) {
        if (checkpointDir.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            return;
        }
        for (Path path = Path.of(checkpointDir).toAbsolutePath().normalize(); path != null; path = path.getParent()) {
            if (Files.exists(path)) {
                if (!Files.isDirectory(path)) {
                    throw new IllegalArgumentException("The checkpoint directory " + Path.of(checkpointDir)
                            .toAbsolutePath().normalize() + (path.equals(Path.of(checkpointDir).toAbsolutePath()
                            .normalize()) ? " is a file" : " lies under the file " + path) + ", not a directory:"
                            + " give a directory with --checkpoint (or spark.checkpoint-dir); the job keeps its Kafka"
                            + " offsets and window state there.");
                }
                return;
            }
        }
    }

    static void record(Configuration hadoop, JobSettings settings, String stateLayout) {
        org.apache.hadoop.fs.Path file = recordFile(settings);
        try {
            FileSystem fs = file.getFileSystem(hadoop);
            if (fs.exists(file)) {
                return;
            }
            fs.mkdirs(file.getParent());
            try (Writer writer = new OutputStreamWriter(fs.create(file, false), StandardCharsets.UTF_8)) {
                describe(settings, stateLayout).store(writer,
                        "Written by cryptostream: the query this checkpoint belongs to");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Joined as text: a checkpoint may be a URI (hdfs://, s3a://) that {@link java.nio.file.Path} would mangle. */
    static String subdirectory(String directory, String name) {
        return directory.endsWith("/") ? directory + name : directory + "/" + name;
    }

    private static org.apache.hadoop.fs.Path recordFile(JobSettings settings) {
        return new org.apache.hadoop.fs.Path(settings.checkpointDir(), FILE_NAME);
    }

    /**
     * The failure as a {@link CheckpointMismatchException} when it comes from state or offsets in the checkpoint
     * that this query cannot use, otherwise unchanged.
     */
    static RuntimeException explain(Throwable failure, JobSettings settings) {
        Throwable stateFailure = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t.getClass().getName().endsWith(".StateSchemaNotCompatible")) {
                return new CheckpointMismatchException(settings.checkpointDir(),
                        "its saved window state has another layout than this query's aggregation", failure);
            }
            if (message.contains("failondataloss")) {
                return new CheckpointMismatchException(settings.checkpointDir(),
                        "it expects Kafka offsets that are no longer in the topic (deleted, recreated or aged out);"
                                + " setting failOnDataLoss=false would skip them instead", failure);
            }
            if (message.contains("statestoreprovider") || message.contains("state store")
                    || message.contains("checkpoint")) {
                stateFailure = t; // the innermost one names the file, the outer ones wrap it in job-abort text
            }
        }
        if (stateFailure != null) {
            return new CheckpointMismatchException(settings.checkpointDir(),
                    "Spark could not continue from it (" + firstLine(stateFailure.getMessage()) + ")", failure);
        }
        return failure instanceof RuntimeException runtime ? runtime
                : new IllegalStateException("streaming query " + settings.queryName() + " failed: "
                        + failure.getMessage(), failure);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static Properties describe(JobSettings settings, String stateLayout) {
        Properties properties = new Properties();
        properties.setProperty("stateLayout", stateLayout);
        properties.setProperty("window", settings.window().toString());
        properties.setProperty("watermark", settings.watermark().toString());
        return properties;
    }
}
