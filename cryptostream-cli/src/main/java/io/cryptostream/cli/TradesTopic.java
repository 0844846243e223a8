package io.cryptostream.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the trades topic before the job subscribes to it, with the configured partition count and replication
 * ({@link TopicLayout}, by default the broker's), so a first run does not depend on auto-creation (often off on real clusters). The broker is asked
 * first, briefly, whether it is there at all, so a wrong address is reported in seconds rather than after the
 * clients' own minute-long retries.
 */
final class TradesTopic {

    /** Long enough for a broker that is up but busy; a broker nobody runs never answers. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private TradesTopic() {
    }

    /** @param clientProperties SASL/TLS settings ({@link KafkaClientProperties}) */
    static void ensure(String bootstrapServers, Map<String, String> clientProperties, TopicLayout layout,
                       String topic) {
        Map<String, Object> adminConfig = new HashMap<>(clientProperties);
        adminConfig.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000));
        try (Admin admin = Admin.create(adminConfig)) {
            probe(admin, bootstrapServers);
            if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                return;
            }
            admin.createTopics(List.of(layout.newTopic(topic))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalArgumentException("Kafka at " + bootstrapServers + " could not create the topic " + topic
                        + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalArgumentException("Kafka at " + bootstrapServers + " did not answer within 30 s: is it running? "
                    + "Start local servers with ./cryptostream servers start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking the topic " + topic, e);
        }
    }

    /** Deletes the topics that exist among {@code topics}; a replay that completed no longer needs its own. */
    static void delete(String bootstrapServers, Map<String, String> clientProperties, List<String> topics) {
        Map<String, Object> adminConfig = new HashMap<>(clientProperties);
        adminConfig.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
        try (Admin admin = Admin.create(adminConfig)) {
            List<String> existing = topics.stream().filter(admin.listTopics().names().get(30, TimeUnit.SECONDS)::contains)
                    .toList();
            admin.deleteTopics(existing).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " could not delete the topics " + topics
                    + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while deleting the topics " + topics, e);
        }
    }

    private static void probe(Admin admin, String bootstrapServers) throws InterruptedException {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis()))
                    .clusterId().get(PROBE_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthenticationException refused) {
                throw new IllegalArgumentException("Kafka at " + bootstrapServers + " refused the login: "
                        + refused.getMessage() + ". Check the SASL/TLS settings (kafka.properties,"
                        + " --kafka-properties-file) and the password they read", refused);
            }
            throw unreachable(bootstrapServers, e);
        } catch (TimeoutException e) {
            throw unreachable(bootstrapServers, e);
        }
    }

    private static KafkaUnreachableException unreachable(String bootstrapServers, Exception e) {
        return new KafkaUnreachableException("Kafka at " + bootstrapServers + " did not answer within "
                    + PROBE_TIMEOUT.toSeconds() + " s: is a broker running there? Check --kafka-broker"
                    + " (kafka.bootstrap-servers), or leave it empty to use the local servers"
                    + " (./cryptostream servers start)", e);
    }
}
