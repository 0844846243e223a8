package io.cryptostream.servers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Child JVMs as the bench, the soak and the fault tests start them. The failsafe configuration of this module sets
 * {@code CRYPTOCOMPARE_API_KEY} in this test JVM's environment.
 */
class JavaProcessIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A child that answers its parent through a {@link ParentChannel}. */
    public static final class AnsweringChild {
        public static void main(String[] args) throws Exception {
            ParentChannel parent = ParentChannel.open();
            System.out.println("library output, for the log only");
            switch (args[0]) {
                case "echo" -> {
                    parent.say("ready");
                    parent.say("echo " + parent.nextCommand() + " " + System.getProperty("probe"));
                }
                case "environment" -> parent.say("api key " + (System.getenv("CRYPTOCOMPARE_API_KEY") != null)
                        + ", given " + System.getenv("GIVEN_VARIABLE"));
                default -> throw new IllegalArgumentException("no mode " + args[0] + " in this child");
            }
            parent.awaitCommand("stop");
            ParentChannel.exit();
        }
    }

    @Test
    void aChildTalksInLinesTakesCommandsAndGetsItsJvmOptions(@TempDir Path dir) {
        try (JavaProcess child = JavaProcess.of("echo", AnsweringChild.class)
                .jvmOptions(List.of("-Xmx64m", "-Dprobe=given"))
                .arguments(List.of("echo"))
                .log(dir.resolve("echo.log"))
                .start()) {
            child.awaitLine("ready", TIMEOUT);
            child.send("hello");
            child.awaitLine("echo hello given", TIMEOUT);
            child.send("stop");

            assertThat(child.awaitExit(TIMEOUT)).isZero();
            assertThat(child.logged("library output, for the log only")).isTrue();
        }
    }

    @Test
    void aChildGetsTheVariablesGivenToItButNoSecretOfTheParent(@TempDir Path dir) {
        assertThat(System.getenv("CRYPTOCOMPARE_API_KEY")).as("set by failsafe for this test").isNotBlank();
        try (JavaProcess child = JavaProcess.of("environment", AnsweringChild.class)
                .arguments(List.of("environment"))
                .environment(Map.of("GIVEN_VARIABLE", "on purpose"))
                .log(dir.resolve("environment.log"))
                .start()) {
            child.awaitLine("api key false, given on purpose", TIMEOUT);
            child.send("stop");
            assertThat(child.awaitExit(TIMEOUT)).isZero();
        }
    }

    @Test
    void aChildThatFailsIsReportedWithTheEndOfItsLog(@TempDir Path dir) {
        try (JavaProcess child = JavaProcess.of("failing", AnsweringChild.class)
                .arguments(List.of("nonsense"))
                .log(dir.resolve("failing.log"))
                .start()) {
            assertThatThrownBy(() -> child.awaitLine("ready", TIMEOUT))
                    .hasMessageContaining("The child JVM failing")
                    .hasMessageContaining("exited with code 1 before it printed ready")
                    .hasMessageContaining("no mode nonsense in this child");
        }
    }
}
