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
import java.util.stream.Stream;

/**
 * A server's runtime classpath, never this JVM's: in a build, the one {@code runtime-kafka} / {@code runtime-cassandra}
 * recorded (absolute paths of jars in the local Maven repository); in the release, which has no Maven repository,
 * the jars the release carries in a folder per server under {@value #RELEASE_JARS_PROPERTY}.
 */
record ServerClasspath(ServerKind server, List<Path> entries) {

    /** Set by the release's launcher to its {@code lib/servers}, which holds {@code kafka/} and {@code cassandra/}. */
    static final String RELEASE_JARS_PROPERTY = "cryptostream.server-jars";

    ServerClasspath {
        entries = List.copyOf(entries);
    }

    static ServerClasspath of(ServerKind server) {
        String releaseJars = System.getProperty(RELEASE_JARS_PROPERTY);
        return releaseJars != null ? inRelease(server, Path.of(releaseJars)) : recorded(server);
    }

    static ServerClasspath inRelease(ServerKind server, Path releaseJars) {
        Path folder = releaseJars.resolve(server.key());
        List<Path> jars;
        try (Stream<Path> files = Files.isDirectory(folder) ? Files.list(folder) : Stream.empty()) {
            jars = files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the " + server.displayName() + " jars in " + folder, e);
        }
        if (jars.isEmpty()) {
            throw new ServerStartException("The release holds no " + server.displayName() + " server jars in " + folder
                    + ": unpack the whole cryptostream tar.gz again");
        }
        return new ServerClasspath(server, jars);
    }

    private static ServerClasspath recorded(ServerKind server) {
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
