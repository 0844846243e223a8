package io.cryptostream.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The module openings Spark 3.5 needs on JDK 17 (the list Spark's own launcher adds), for a JVM that runs Spark.
 * They are written once, as {@code spark.jvm.flags} in the root POM, which also gives them to the test JVMs; the
 * build copies them into the java @argfile {@value #RESOURCE} that this class and the {@code cryptostream}
 * launcher read.
 */
public final class SparkJvmFlags {

    static final String RESOURCE = "spark-jvm-flags.args";
    private static final List<String> FLAGS = read();

    private SparkJvmFlags() {
    }

    public static List<String> list() {
        return FLAGS;
    }

    private static List<String> read() {
        try (InputStream in = SparkJvmFlags.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The resource io/cryptostream/spark/" + RESOURCE + " is missing from "
                        + "the cryptostream-spark jar: rebuild it with mvn -pl cryptostream-spark package");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return Arrays.stream(text.split("\\s+")).filter(flag -> !flag.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the resource io/cryptostream/spark/" + RESOURCE, e);
        }
    }
}
