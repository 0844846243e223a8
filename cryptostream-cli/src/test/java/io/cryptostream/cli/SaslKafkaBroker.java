package io.cryptostream.cli;

import io.cryptostream.servers.ChildEnvironment;
import io.cryptostream.servers.LoopbackPorts;
import org.apache.kafka.common.Uuid;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real Kafka 4.1 broker, from the same recorded classpath as the local servers, whose client listener speaks
 * SASL_PLAINTEXT with the PLAIN mechanism and knows one user: {@link #USER} / {@link #PASSWORD}. Started in a work
 * dir of its own, killed on {@link #close()}.
 */
final class SaslKafkaBroker implements AutoCloseable {

    static final String USER = "ingest";
    static final String PASSWORD = "ingest-secret-7c1f";
    private static final String CLASSPATH_RESOURCE = "/io/cryptostream/servers/kafka-broker.classpath";

    private final Process process;
    private final int port;

    private SaslKafkaBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static SaslKafkaBroker start(Path dir) throws Exception {
        List<Integer> ports = LoopbackPorts.free(3);
        int client = ports.get(0);
        int internal = ports.get(1);
        int controller = ports.get(2);
        Path config = dir.resolve("server.properties");
        Path log4j = dir.resolve("log4j2.properties");
        Files.writeString(log4j, String.join("\n", "status = warn", "appender.file.type = File",
                "appender.file.name = file", "appender.file.fileName = " + dir.resolve("server.log"),
                "appender.file.layout.type = PatternLayout", "appender.file.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = INFO", "rootLogger.appenderRef.file.ref = file", ""));
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controller,
                "listeners=SASL_PLAINTEXT://127.0.0.1:" + client + ",INTERNAL://127.0.0.1:" + internal
                        + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=SASL_PLAINTEXT://127.0.0.1:" + client + ",INTERNAL://127.0.0.1:" + internal,
                "listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=INTERNAL",
                "controller.listener.names=CONTROLLER",
                "sasl.enabled.mechanisms=PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config="
                        + "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + USER + "=\""
                        + PASSWORD + "\";",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                ""));
        Path argFile = dir.resolve("classpath.args");
        Files.writeString(argFile, "-cp\n\"" + classpath() + "\"\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> jvm = List.of(java, "-Xmx384m", "-Dlog4j2.configurationFile=" + log4j, "@" + argFile);
        run(concat(jvm, List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
                config.toString(), "--ignore-formatted")), dir.resolve("format.log"));
        Process broker = ChildEnvironment.withoutSecrets(new ProcessBuilder(concat(jvm, List.of("kafka.Kafka",
                        config.toString()))))
                .redirectErrorStream(true).redirectOutput(dir.resolve("console.log").toFile()).start();
        SaslKafkaBroker started = new SaslKafkaBroker(broker, client);
        try {
            await("the SASL Kafka broker accepting connections").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("the SASL Kafka broker exited", () -> !broker.isAlive())
                    .until(() -> LoopbackPorts.acceptsConnections(client));
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            started.close();
            throw new IllegalStateException("The SASL Kafka broker did not start; see " + dir, e);
        }
        return started;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** What a client needs to log in as {@code user} with {@code password}. */
    static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    private static String classpath() throws IOException {
        try (InputStream in = SaslKafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_RESOURCE + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    private static void run(List<String> command, Path log) throws Exception {
        Process process = ChildEnvironment.withoutSecrets(new ProcessBuilder(command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("Formatting the SASL broker's storage failed; see " + log);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
