package io.cryptostream.servers;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What differs between the servers: their config files, storage preparation, JVM flags and readiness probe. */
interface ChildServer {

    ServerKind kind();

    /** Writes the generated config into the server's directory; ports are the ones it will listen on. */
    void writeConfig(ServerFiles files, Map<ServerPort, Integer> ports) throws IOException;

    /** One-off work before the first launch, such as formatting storage. */
    default void prepareStorage(ServerFiles files, JavaCommand java, Duration timeout) {
    }

    List<String> jvmOptions(ServerFiles files, ServerClasspath classpath, Map<ServerPort, Integer> ports);

    List<String> arguments(ServerFiles files);

    /** Returns only if the server answers a real request on its client port; throws with the reason otherwise. */
    void probe(String host, int clientPort) throws Exception;

    static ChildServer of(ServerKind kind, ServerSettings settings) {
        return switch (kind) {
            case KAFKA -> new KafkaBroker(KafkaQuorum.single(settings.port(ServerPort.KAFKA_CONTROLLER)), 1, "512m");
            case CASSANDRA -> new CassandraNode(settings.cassandraPasswordAuthentication(), CassandraRing.single(), 0,
                    "512m");
        };
    }

    /** A java command line for one server: this JVM's java binary, the server's own classpath via an @argfile. */
    record JavaCommand(Path java, Path classpathArgFile) {

        List<String> command(List<String> jvmOptions, List<String> mainClassAndArguments) {
            List<String> command = new ArrayList<>();
            command.add(java.toString());
            command.addAll(jvmOptions);
            command.add("@" + classpathArgFile);
            command.addAll(mainClassAndArguments);
            return command;
        }
    }
}
