package io.cryptostream.servers;

import java.nio.file.Path;

/** The layout of one server's directory under the work dir: generated config at the top, then data and logs. */
record ServerFiles(ServerKind server, Path root) {

    static ServerFiles in(Path workDir, ServerKind server) {
        return new ServerFiles(server, workDir.resolve(server.key()));
    }

    Path data() {
        return root.resolve("data");
    }

    Path logs() {
        return root.resolve("logs");
    }

    /** The server's own log, written by its logging framework as configured here. */
    Path serverLog() {
        return logs().resolve(switch (server) {
            case KAFKA -> "server.log";
            case CASSANDRA -> "system.log";
        });
    }

    /** The JVM's stdout and stderr: crashes before logging is up (bad flags, missing classes) land here. */
    Path consoleLog() {
        return logs().resolve("console.log");
    }

    Path config(String fileName) {
        return root.resolve(fileName);
    }

    Path classpathArgFile() {
        return root.resolve("classpath.args");
    }
}
