package io.cryptostream.ingest;

import io.cryptostream.domain.TradeFormat;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One Kafka record as the spool keeps it: its key, its value and, when the record names its format, the value of its
 * {@link io.cryptostream.domain.TradeFormat#HEADER} header. The key holds no tab or line break, nor does the content
 * type, and a record without a content type is text without a line break, so that a record is one line of the spool.
 *
 * @param contentType the format the record names, or null: a text record without that header (orders)
 */
record SpoolRecord(String key, byte[] value, String contentType) {

    SpoolRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (!isOneField(key) || contentType != null && !isOneField(contentType)) {
            throw new IllegalArgumentException("a spooled record's key and content type hold no tab or line break: "
                    + key + " " + contentType);
        }
    }

    /** A text record without a content type; the text holds no line break. */
    SpoolRecord(String key, String value) {
        this(key, value.getBytes(StandardCharsets.UTF_8), null);
        if (value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a spooled text record's value holds no line break: " + key);
        }
    }

    /** The record as sent: its content type, if any, in the {@link TradeFormat#HEADER} header. */
    static SpoolRecord of(ProducerRecord<String, byte[]> record) {
        return new SpoolRecord(record.key(), record.value(), contentType(record.headers()));
    }

    /** A record read back from the topic. */
    static SpoolRecord of(ConsumerRecord<String, byte[]> record) {
        return new SpoolRecord(record.key(), record.value(), contentType(record.headers()));
    }

    /** The Kafka record to send, its content type as the {@link TradeFormat#HEADER} header. */
    ProducerRecord<String, byte[]> toProducerRecord(String topic) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        if (contentType != null) {
            record.headers().add(TradeFormat.HEADER, contentType.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    private static String contentType(Headers headers) {
        Header header = headers.lastHeader(TradeFormat.HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static boolean isOneField(String text) {
        return text.indexOf('\n') < 0 && text.indexOf('\t') < 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SpoolRecord record && key.equals(record.key) && Arrays.equals(value, record.value)
                && Objects.equals(contentType, record.contentType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, Arrays.hashCode(value), contentType);
    }

    @Override
    public String toString() {
        return "SpoolRecord[key=" + key + ", contentType=" + contentType + ", value="
                + (contentType == null ? new String(value, StandardCharsets.UTF_8) : HexFormat.of().formatHex(value))
                + "]";
    }
}
