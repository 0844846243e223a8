package io.cryptostream.bench;

import io.cryptostream.domain.Trade;
import io.cryptostream.domain.TradeFormat;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/**
 * A record value format of the trades topic ({@link TradeFormat}), named as the setting {@code kafka.format} names
 * it. The bench writes the preloaded topics in it, with the record header that names it, the plain consumer
 * decodes it, and the Spark driver reads the same bytes, so each format's job is measured next to a plain consumer.
 */
enum TopicFormat {
    AVRO(TradeFormat.AVRO),
    JSON(TradeFormat.JSON);

    private final TradeFormat format;

    TopicFormat(TradeFormat format) {
        this.format = format;
    }

    /** The value of the setting {@code kafka.format} that selects this format, e.g. {@code json}. */
    String settingValue() {
        return format.settingValue();
    }

    byte[] encode(Trade trade) {
        return format.encode(trade);
    }

    Trade decode(byte[] value) {
        return format.decode(value);
    }

    /** Names the format of {@code record} in its header, as ingest does. */
    <K> ProducerRecord<K, byte[]> named(ProducerRecord<K, byte[]> record) {
        record.headers().add(TradeFormat.HEADER, format.contentType().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @Override
    public String toString() {
        return settingValue();
    }
}
