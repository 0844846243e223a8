package io.cryptostream.ingest;

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
