package io.cryptostream.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the trades topic before the job subscribes to it, with the broker's default partition count and
 * replication, so a first run does not depend on auto-creation (often off on real clusters).
 */
final class TradesTopic {

    private TradesTopic() {
    }

    /** @param clientProperties SASL/TLS settings ({@link KafkaClientProperties}) */
    static void ensure(String bootstrapServers, Map<String, String> clientProperties, String topic) {
        Map<String, Object> adminConfig = new HashMap<>(clientProperties);
        adminConfig.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000));
        try (Admin admin = Admin.create(adminConfig)) {
            if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                return;
            }
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all().get(30, TimeUnit.SECONDS);
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
}
