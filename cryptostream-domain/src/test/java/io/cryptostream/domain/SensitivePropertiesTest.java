package io.cryptostream.domain;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SensitivePropertiesTest {

    @Test
    void secretsOfKafkaAndCassandraClientsAreMasked() {
        Map<String, String> shown = SensitiveProperties.masked(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"u\" password=\"hunter2\";",
                "ssl.truststore.password", "hunter2",
                "ssl.key.password", "hunter2",
                "ssl.truststore.location", "/etc/kafka/truststore.jks",
                "spark.cassandra.auth.password", "hunter2",
                "sasl.oauthbearer.token.endpoint.url", "https://idp/token"));

        assertThat(shown.toString()).doesNotContain("hunter2");
        assertThat(shown).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.jks")
                .containsEntry("sasl.jaas.config", SensitiveProperties.MASK);
    }

    @Test
    void ordinarySettingsAreShown() {
        assertThat(SensitiveProperties.isSensitive("bootstrap.servers")).isFalse();
        assertThat(SensitiveProperties.isSensitive("ssl.keystore.type")).isFalse();
        assertThat(SensitiveProperties.isSensitive("key.serializer")).isFalse();
        assertThat(SensitiveProperties.isSensitive("ssl.key")).isTrue();
    }
}
