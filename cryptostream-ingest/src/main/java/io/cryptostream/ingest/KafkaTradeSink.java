package io.cryptostream.ingest;

import io.cryptostream.domain.RejectedTradeJson;
import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeFormat;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Produces each trade to the trades topic with key {@link io.cryptostream.domain.Market#key()} (one market stays on
 * one partition, in order) and the value in the chosen {@link TradeFormat}, named by the record's
 * {@link TradeFormat#HEADER} header. The producer is idempotent with {@code acks=all}, so
 * its retries neither lose nor duplicate a trade; while Kafka is away it retries for {@code deliveryTimeout} with the
 * socket backpressured, then keeps the trades in a spool file and sends them, in order, when Kafka is back
 * ({@link SpoolingProducer}). The run fails only when the spool is full, with an error that names the broker and the
 * spool. Trades the trade check refused go to the dead-letter topic {@code <topic>.rejected} as
 * {@link RejectedTradeJson}, with the same guarantees and a spool of their own, from a producer whose client.id
 * ends in {@value #REJECTED_CLIENT_ID_SUFFIX}.
 */
public final class KafkaTradeSink implements TradeSink {

    public static final String REJECTED_CLIENT_ID_SUFFIX = "-rejected";

    private final KafkaProducerSink<Trade> producer;
    private final KafkaProducerSink<RejectedTrade> rejected;

    /** Trades as {@link TradeFormat#JSON}, for readers of the text form. */
    public KafkaTradeSink(KafkaSinkSettings settings) {
        this(settings, TradeFormat.JSON);
    }

    public KafkaTradeSink(KafkaSinkSettings settings, TradeFormat format) {
        this.producer = new KafkaProducerSink<>(settings, "trades", settings.clientId(),
                trade -> new SpoolRecord(trade.market().key(), format.encode(trade), format.contentType()));
        this.rejected = new KafkaProducerSink<>(settings.withTopic(RejectedTradeJson.topicOf(settings.topic())),
                "rejected trades", settings.clientId() + REJECTED_CLIENT_ID_SUFFIX,
                rejectedTrade -> new SpoolRecord(rejectedTrade.trade().market().key(), rejectedTrade.json()));
    }

    @Override
    public Sink<Trade, CompletionStage<Done>> create(ActorSystem system) {
        return producer.create();
    }

    @Override
    public Sink<RejectedTrade, CompletionStage<Done>> createRejected(ActorSystem system) {
        return rejected.create();
    }

    @Override
    public Optional<SpoolStats> spool() {
        return producer.spool();
    }

    @Override
    public String description() {
        return producer.description();
    }
}
