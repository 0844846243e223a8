package io.cryptostream.domain;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The forms a trade takes as a trades-topic record value. Each record names its form in the Kafka header
 * {@value #HEADER}, so one topic may hold both (a change of format loses nothing); a record without that header, or
 * with any other value in it, is JSON, the form records had before the header existed.
 */
public enum TradeFormat {
    /** {@link TradeAvro}: compact and typed, read by the Spark job without parsing text. The default. */
    AVRO("application/avro"),
    /** {@link TradeJson}: text, readable with any Kafka console consumer. */
    JSON("application/json");

    /** The Kafka record header naming a record's format. */
    public static final String HEADER = "content-type";

    private final String contentType;

    TradeFormat(String contentType) {
        this.contentType = contentType;
    }

    /** The name settings give this format: {@code avro} or {@code json}. */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format whose {@link #settingValue()} is {@code name}, in any case and with surrounding spaces. */
    public static Optional<TradeFormat> named(String name) {
        return Arrays.stream(values()).filter(format -> format.settingValue().equalsIgnoreCase(name.strip()))
                .findFirst();
    }

    /** The value of the {@value #HEADER} header of records in this format. */
    public String contentType() {
        return contentType;
    }

    public byte[] encode(Trade trade) {
        return this == AVRO ? TradeAvro.encode(trade) : TradeJson.encodeBytes(trade);
    }

    /** Reads one record value of this format; throws {@link IllegalArgumentException} naming what is wrong. */
    public Trade decode(byte[] value) {
        return this == AVRO ? TradeAvro.decode(value) : TradeJson.decode(new String(value, StandardCharsets.UTF_8));
    }

    /** The format of a record whose {@value #HEADER} header holds {@code contentType} (null: no header). */
    public static TradeFormat ofContentType(String contentType) {
        return AVRO.contentType.equals(contentType) ? AVRO : JSON;
    }

    /** The format of a record whose {@value #HEADER} header holds {@code contentType} as bytes (null: no header). */
    public static TradeFormat ofContentType(byte[] contentType) {
        return ofContentType(contentType == null ? null : new String(contentType, StandardCharsets.UTF_8));
    }
}
