package io.cryptostream.store;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CassandraSecurityTest {

    private static final CassandraSecurity SECURED = new CassandraSecurity(Optional.of("ingest"),
            Optional.of("hunter2"), Optional.of(Path.of("/etc/cassandra/truststore.p12")), Optional.of("changeit"));

    @Test
    void credentialsAndTruststoreReachTheDriverConfig() {
        try (DriverConfigLoader loader = CassandraSessions.configLoader(CassandraSettings.defaults().withSecurity(SECURED))) {
            DriverExecutionProfile config = loader.getInitialConfig().getDefaultProfile();
            assertThat(config.getString(DefaultDriverOption.AUTH_PROVIDER_CLASS)).isEqualTo("PlainTextAuthProvider");
            assertThat(config.getString(DefaultDriverOption.AUTH_PROVIDER_USER_NAME)).isEqualTo("ingest");
            assertThat(config.getString(DefaultDriverOption.AUTH_PROVIDER_PASSWORD)).isEqualTo("hunter2");
            assertThat(config.getString(DefaultDriverOption.SSL_ENGINE_FACTORY_CLASS))
                    .isEqualTo("DefaultSslEngineFactory");
            assertThat(config.getString(DefaultDriverOption.SSL_TRUSTSTORE_PATH))
                    .isEqualTo("/etc/cassandra/truststore.p12");
            assertThat(config.getString(DefaultDriverOption.SSL_TRUSTSTORE_PASSWORD)).isEqualTo("changeit");
        }
    }

    @Test
    void withoutSecurityTheDriverKeepsItsDefaults() {
        try (DriverConfigLoader loader = CassandraSessions.configLoader(CassandraSettings.defaults())) {
            DriverExecutionProfile config = loader.getInitialConfig().getDefaultProfile();
            assertThat(config.isDefined(DefaultDriverOption.AUTH_PROVIDER_USER_NAME)).isFalse();
            assertThat(config.isDefined(DefaultDriverOption.SSL_ENGINE_FACTORY_CLASS)).isFalse();
        }
    }

    @Test
    void everyRequestRunsAtTheSettingsConsistency() {
        try (DriverConfigLoader loader = CassandraSessions.configLoader(CassandraSettings.defaults())) {
            assertThat(loader.getInitialConfig().getDefaultProfile().getString(DefaultDriverOption.REQUEST_CONSISTENCY))
                    .isEqualTo("LOCAL_QUORUM");
        }
    }

    @Test
    void passwordsNeverPrint() {
        CassandraSettings settings = CassandraSettings.defaults().withSecurity(SECURED);
        assertThat(settings.toString()).contains("ingest").contains("truststore.p12")
                .doesNotContain("hunter2").doesNotContain("changeit");
    }

    @Test
    void aUserWithoutAPasswordIsRefusedNamingWhereItComesFrom() {
        assertThatThrownBy(() -> new CassandraSecurity(Optional.of("ingest"), Optional.empty(), Optional.empty(),
                Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CASSANDRA_PASSWORD");
    }
}
