package io.cryptostream.ingest;

import io.cryptostream.domain.RejectedTradeJson;
import io.cryptostream.domain.Trade;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.cryptostream.domain.TradeFormat;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Produces each trade to the trades topic with key {@link io.cryptostream.domain.Market#key()} (one market stays on
 * one partition, in order) and value {@link TradeJson#encodeBytes}. The producer is idempotent with {@code acks=all},
 * so its retries neither lose nor duplicate a trade; while Kafka is away it retries for {@code deliveryTimeout} with
 * the socket backpressured, then keeps the trades in a spool file and sends them, in order, when Kafka is back
 * ({@link SpoolingProducer}), leaving out those the topic holds already (a trade's identity is its market and id).
 * The run fails only when the spool is full, with an error that names the broker and the spool. Trades the trade check
 * refused go to the dead-letter topic {@code <topic>.rejected} as {@link RejectedTradeJson}, with the same guarantees
 * and a spool of their own, from a producer whose client.id ends in {@value #REJECTED_CLIENT_ID_SUFFIX}.
 */
public final class KafkaTradeSink implements TradeSink {

    public static final String REJECTED_CLIENT_ID_SUFFIX = "-rejected";

    private static final Logger log = LoggerFactory.getLogger(KafkaTradeSink.class);

    private final KafkaProducerSink<Trade> producer;
    private final KafkaProducerSink<RejectedTrade> rejected;

    /** Trades as {@link TradeFormat#JSON}, for readers of the text form. */
    public KafkaTradeSink(KafkaSinkSettings settings) {
        this(settings, TradeFormat.JSON);
    }

    public KafkaTradeSink(KafkaSinkSettings settings, TradeFormat format) {
        this.producer = new KafkaProducerSink<>(settings, "trades", settings.clientId(),
                trade -> new SpoolRecord(trade.market().key(), format.encode(trade), format.contentType()),
                Optional.of(KafkaTradeSink::identity));
        this.rejected = new KafkaProducerSink<>(settings.withTopic(RejectedTradeJson.topicOf(settings.topic())),
                "rejected trades", settings.clientId() + REJECTED_CLIENT_ID_SUFFIX,
                rejectedTrade -> new SpoolRecord(rejectedTrade.trade().market().key(), rejectedTrade.json()),
                Optional.empty());
    }

    @Override
    public Sink<Trade, CompletionStage<Done>> create(ActorSystem system) {
        return producer.create();
    }

    @Override
    public Sink<RejectedTrade, CompletionStage<Done>> createRejected(ActorSystem system) {
        return rejected.create();
    }

    /**
     * The topic's last trades. When Kafka cannot be read now, none: the spool's drain still leaves out what the
     * topic holds, but trades a venue re-sends may be published again while Kafka takes them directly.
     */
    @Override
    public List<Trade> recentTrades(int perPartition) {
        if (perPartition < 1) {
            return List.of();
        }
        List<ConsumerRecord<String, byte[]>> tail;
        try {
            tail = producer.tail().read(perPartition);
        } catch (RuntimeException e) {
            log.warn("Could not read the last trades of {} ({}): trades the venue sends again after this start may "
                    + "be published twice", producer.description(), e.getMessage());
            return List.of();
        }
        List<Trade> trades = new ArrayList<>(tail.size());
        int unreadable = 0;
        for (ConsumerRecord<String, byte[]> record : tail) {
            try {
                trades.add(trade(SpoolRecord.of(record)));
            } catch (IllegalArgumentException e) {
                unreadable++;
            }
        }
        if (unreadable > 0) {
            log.warn("{} of the last records of {} are no trade this sink wrote; they are ignored", unreadable,
                    producer.description());
        }
        return trades;
    }

    @Override
    public Optional<SpoolStats> spool() {
        return producer.spool();
    }

    @Override
    public Optional<DeliveryStats> delivery() {
        return producer.delivery();
    }

    @Override
    public String description() {
        return producer.description();
    }

    /** A trade record read back, in the format its content type names. */
    static Trade trade(SpoolRecord record) {
        return TradeFormat.ofContentType(record.contentType()).decode(record.value());
    }

    /** A trade record is its market (the key) and its trade id; null when the value is no trade. */
    private static String identity(SpoolRecord record) {
        try {
            return record.key() + '\n' + trade(record).tradeId();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
