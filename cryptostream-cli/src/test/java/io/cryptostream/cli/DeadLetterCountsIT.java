package io.cryptostream.cli;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.RejectReason;
import io.cryptostream.domain.RejectedTradeJson;
import io.cryptostream.domain.Rejection;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.servers.KafkaTopics;
import io.cryptostream.servers.TestServers;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The soak's reading of a dead-letter topic in real Kafka. */
class DeadLetterCountsIT {

    private static final String BOOTSTRAP = TestServers.shared().endpoints().kafkaBootstrapServers();

    @Test
    void countsTheRecordsOfTheDeadLetterTopicByTheirReason() throws Exception {
        String topic = "dead-letter-counts";
        Instant at = Instant.parse("2026-11-30T03:00:00Z");
        Trade trade = Trade.of(new Market("Coinbase", "BTC", "USD"), TakerSide.BUY, new BigDecimal("60000"),
                new BigDecimal("0.5"), "1", at, at);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (RejectReason reason : List.of(RejectReason.QUANTITY_ZERO, RejectReason.EVENT_TIME_AHEAD,
                RejectReason.QUANTITY_ZERO)) {
            records.add(new ProducerRecord<>(RejectedTradeJson.topicOf(topic), trade.market().key(),
                    RejectedTradeJson.encode(trade, new Rejection(reason, "as the check says"))));
        }
        records.add(new ProducerRecord<>(RejectedTradeJson.topicOf(topic), "x", "not json"));
        new KafkaTopics(BOOTSTRAP).produce(records);

        assertThat(DeadLetterCounts.byReason(BOOTSTRAP, Map.of(), topic)).hasValue(Map.of(
                "QUANTITY_ZERO", 2L, "EVENT_TIME_AHEAD", 1L, "unspecified", 1L));
    }

    @Test
    void saysSoWhenThereIsNoDeadLetterTopic() {
        assertThat(DeadLetterCounts.byReason(BOOTSTRAP, Map.of(), "no-dead-letters-here")).isEmpty();
    }
}
