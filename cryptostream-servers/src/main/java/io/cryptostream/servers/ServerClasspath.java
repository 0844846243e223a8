package io.cryptostream.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A server's runtime classpath as recorded at build time by {@code runtime-kafka} / {@code runtime-cassandra}:
 * absolute paths of jars in the local Maven repository, never this JVM's classpath.
 */
record ServerClasspath(ServerKind server, List<Path> entries) {

    ServerClasspath {
        entries = List.copyOf(entries);
    }

    static ServerClasspath of(ServerKind server) {
        String text;
        try (InputStream in = ServerClasspath.class.getResourceAsStream(server.classpathResource())) {
            if (in == null) {
                throw new ServerStartException("The " + server.displayName() + " classpath resource io/cryptostream/servers/"
                        + server.classpathResource() + " is not on the classpath: add the cryptostream-runtime-"
                        + server.key() + " jar (mvn -pl cryptostream-servers/runtime-" + server.key() + " install)");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the " + server.displayName() + " classpath resource", e);
        }
        List<Path> entries = Arrays.stream(text.split(java.io.File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(Path::of)
                .toList();
        for (Path entry : entries) {
            if (!Files.exists(entry)) {
                throw new ServerStartException("The " + server.displayName() + " classpath recorded at build time names "
                        + entry + ", which does not exist (local Maven repository cleaned or moved?): rebuild with "
                        + "mvn -pl cryptostream-servers/runtime-" + server.key() + " install");
            }
        }
        return new ServerClasspath(server, entries);
    }

    /** The jar whose file name starts with {@code prefix}, e.g. {@code "jamm-"} for Cassandra's agent. */
    Path jar(String prefix) {
        return entries.stream()
                .filter(entry -> entry.getFileName().toString().startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new ServerStartException("No " + prefix + "*.jar on the recorded "
                        + server.displayName() + " classpath"));
    }

    /** Writes {@code -cp <entries + extra>} as a java @argfile, which keeps {@code ps} output readable. */
    void writeArgFile(Path argFile, List<Path> extraEntries) {
        List<Path> all = new ArrayList<>(entries);
        all.addAll(extraEntries);
        String joined = String.join(java.io.File.pathSeparator, all.stream().map(Path::toString).toList());
        String quoted = "\"" + joined.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        try {
            Files.writeString(argFile, "-cp\n" + quoted + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + argFile, e);
        }
    }
}
