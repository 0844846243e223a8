package io.cryptostream.domain;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * The documented JSON form of a {@link Trade} on the trades topic (one object per Kafka record value):
 *
 * <pre>{"v":1,"exchange":"Coinbase","base":"BTC","quote":"USD","side":"BUY","price":"32500.12",
 * "quantity":"0.01","quoteVolume":"325.0012","tradeId":"12345678",
 * "eventTime":"2020-07-03T09:24:20.123456Z","receiveTime":"2020-07-03T09:24:20.301Z"}</pre>
 *
 * Decimals travel as strings so that no reader turns them into doubles; times are ISO-8601 UTC at full
 * precision.
 */
public final class TradeJson {

    public static final int VERSION = 1;

    /** How a field's value is written: every value travels as a JSON string. */
    public enum Kind {
        /** Text as is. */
        TEXT,
        /** A decimal in plain notation, every digit kept. */
        DECIMAL,
        /** An ISO-8601 UTC instant at full precision. */
        TIME
    }

    /** The fields of a record after {@code "v"}, in the order written. */
    public enum Field {
        EXCHANGE("exchange", Kind.TEXT),
        BASE("base", Kind.TEXT),
        QUOTE("quote", Kind.TEXT),
        SIDE("side", Kind.TEXT),
        PRICE("price", Kind.DECIMAL),
        QUANTITY("quantity", Kind.DECIMAL),
        QUOTE_VOLUME("quoteVolume", Kind.DECIMAL),
        TRADE_ID("tradeId", Kind.TEXT),
        EVENT_TIME("eventTime", Kind.TIME),
        RECEIVE_TIME("receiveTime", Kind.TIME);

        private final String jsonName;
        private final Kind kind;

        Field(String jsonName, Kind kind) {
            this.jsonName = jsonName;
            this.kind = kind;
        }

        public String jsonName() {
            return jsonName;
        }

        public Kind kind() {
            return kind;
        }

        /** The field's value in {@code trade}: a String, a {@link BigDecimal} or an {@link Instant} by {@link #kind}. */
        public Object value(Trade trade) {
            return switch (this) {
                case EXCHANGE -> trade.exchange();
                case BASE -> trade.base();
                case QUOTE -> trade.quote();
                case SIDE -> trade.side().name();
                case PRICE -> trade.price();
                case QUANTITY -> trade.quantity();
                case QUOTE_VOLUME -> trade.quoteVolume();
                case TRADE_ID -> trade.tradeId();
                case EVENT_TIME -> trade.eventTime();
                case RECEIVE_TIME -> trade.receiveTime();
            };
        }

        String text(Trade trade) {
            Object value = value(trade);
            return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
        }
    }
    private static final JsonFactory JSON = new JsonFactory();
    /** {@link Field#values()} clones its array on each call. */
    private static final Field[] FIELDS = Field.values();

    private TradeJson() {
    }

    public static String encode(Trade trade) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(g, trade);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** {@link #encode} as UTF-8 bytes, written as such: a Kafka record value without a String in between. */
    public static byte[] encodeBytes(Trade trade) {
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            write(g, trade);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, Trade trade) throws IOException {
        g.writeStartObject();
        g.writeNumberField("v", VERSION);
        for (Field field : FIELDS) {
            g.writeStringField(field.jsonName(), field.text(trade));
        }
        g.writeEndObject();
    }

    /** Parses one record value; throws {@link IllegalArgumentException} naming what is wrong. */
    public static Trade decode(String json) {
        Map<String, String> fields = fields(json);
        try {
            BigDecimal p = new BigDecimal(required(fields, Field.PRICE));
            BigDecimal q = new BigDecimal(required(fields, Field.QUANTITY));
            String quoteVolume = fields.get(Field.QUOTE_VOLUME.jsonName());
            return new Trade(fields.get(Field.EXCHANGE.jsonName()), fields.get(Field.BASE.jsonName()),
                    fields.get(Field.QUOTE.jsonName()), TakerSide.valueOf(required(fields, Field.SIDE)), p, q,
                    quoteVolume == null ? p.multiply(q) : new BigDecimal(quoteVolume),
                    fields.get(Field.TRADE_ID.jsonName()), Instant.parse(required(fields, Field.EVENT_TIME)),
                    Instant.parse(required(fields, Field.RECEIVE_TIME)));
        } catch (NumberFormatException | DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("invalid trade JSON (" + e.getMessage() + "): " + json, e);
        }
    }

    /**
     * The scalar fields of one record value, as the text written (numbers keep every digit); a {@code null} field
     * is absent and nested values are skipped.
     *
     * @throws IllegalArgumentException when the value is not one JSON object
     */
    static Map<String, String> fields(String json) {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("trade JSON must be an object");
            }
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value.isStructStart()) {
                    p.skipChildren();
                } else if (value != JsonToken.VALUE_NULL) {
                    fields.put(name, p.getText());
                }
            }
            if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("trade JSON must be one complete object");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        return fields;
    }

    private static String required(Map<String, String> fields, Field field) {
        String value = fields.get(field.jsonName());
        if (value == null) {
            throw new IllegalArgumentException("missing field '" + field.jsonName() + "'");
        }
        return value;
    }
}
