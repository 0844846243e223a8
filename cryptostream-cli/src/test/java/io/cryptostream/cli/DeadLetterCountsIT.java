package io.cryptostream.cli;

import io.cryptostream.servers.TestServers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The soak's reading of a dead-letter topic in real Kafka. */
class DeadLetterCountsIT {

    private static final String BOOTSTRAP = TestServers.shared().endpoints().kafkaBootstrapServers();

    @Test
    void countsTheRecordsOfTheDeadLetterTopicByTheirReason() throws Exception {
        String topic = "dead-letter-counts";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (String reason : new String[]{"QUANTITY_ZERO", "PRICE_NOT_POSITIVE", "QUANTITY_ZERO"}) {
                producer.send(new ProducerRecord<>(DeadLetterCounts.topicOf(topic), "Coinbase:BTC-USD",
                        "{\"reason\":\"" + reason + "\",\"detail\":\"d\",\"record\":\"{}\",\"exchange\":\"Coinbase\"}")).get();
            }
            producer.send(new ProducerRecord<>(DeadLetterCounts.topicOf(topic), "x", "not json")).get();
        }

        assertThat(DeadLetterCounts.byReason(BOOTSTRAP, Map.of(), topic)).hasValue(Map.of(
                "QUANTITY_ZERO", 2L, "PRICE_NOT_POSITIVE", 1L, "unspecified", 1L));
    }

    @Test
    void saysSoWhenThereIsNoDeadLetterTopic() {
        assertThat(DeadLetterCounts.byReason(BOOTSTRAP, Map.of(), "no-dead-letters-here")).isEmpty();
    }
}
