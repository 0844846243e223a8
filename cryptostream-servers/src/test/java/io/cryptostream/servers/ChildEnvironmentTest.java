package io.cryptostream.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {

    @Test
    void namesWithASecretWordAreSecrets() {
        assertThat(List.of("CRYPTOCOMPARE_API_KEY", "AWS_SECRET_ACCESS_KEY", "CASSANDRA_PASSWORD", "GITHUB_TOKEN",
                "KAFKA_SASL_JAAS_CONFIG", "my_api_key", "DB_PASSWD"))
                .allMatch(ChildEnvironment::isSecret);
    }

    @Test
    void ordinaryVariablesAreKept() {
        assertThat(List.of("PATH", "JAVA_HOME", "HOME", "LANG", "TZ", "KEYBOARD_LAYOUT", "CRYPTOSTREAM_WORK_DIR",
                "MONKEY"))
                .noneMatch(ChildEnvironment::isSecret);
    }

    @Test
    void aStartedProcessDoesNotSeeTheSecretsItWouldInherit() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sleep", "30");
        // Stands in for variables this JVM inherited from the shell.
        builder.environment().put("CRYPTOCOMPARE_API_KEY", "do-not-leak");
        builder.environment().put("CASSANDRA_PASSWORD", "do-not-leak");
        builder.environment().put("TZ", "UTC");
        Process child = ChildEnvironment.withoutSecrets(builder).start();
        try {
            String environ = Files.readString(Path.of("/proc/" + child.pid() + "/environ")).replace('\0', '\n');
            assertThat(environ).doesNotContain("do-not-leak").contains("TZ=UTC").contains("PATH=");
        } finally {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
