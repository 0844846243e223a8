package io.cryptostream.domain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

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
    private static final JsonFactory JSON = new JsonFactory();

    private TradeJson() {
    }

    public static String encode(Trade trade) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", VERSION);
            g.writeStringField("exchange", trade.exchange());
            g.writeStringField("base", trade.base());
            g.writeStringField("quote", trade.quote());
            g.writeStringField("side", trade.side().name());
            g.writeStringField("price", trade.price().toPlainString());
            g.writeStringField("quantity", trade.quantity().toPlainString());
            g.writeStringField("quoteVolume", trade.quoteVolume().toPlainString());
            g.writeStringField("tradeId", trade.tradeId());
            g.writeStringField("eventTime", trade.eventTime().toString());
            g.writeStringField("receiveTime", trade.receiveTime().toString());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Parses one record value; throws {@link IllegalArgumentException} naming what is wrong. */
    public static Trade decode(String json) {
        Map<String, String> fields = fields(json);
        try {
            BigDecimal p = new BigDecimal(required(fields.get("price"), "price"));
            BigDecimal q = new BigDecimal(required(fields.get("quantity"), "quantity"));
            String quoteVolume = fields.get("quoteVolume");
            return new Trade(fields.get("exchange"), fields.get("base"), fields.get("quote"),
                    TakerSide.valueOf(required(fields.get("side"), "side")), p, q,
                    quoteVolume == null ? p.multiply(q) : new BigDecimal(quoteVolume), fields.get("tradeId"),
                    Instant.parse(required(fields.get("eventTime"), "eventTime")),
                    Instant.parse(required(fields.get("receiveTime"), "receiveTime")));
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

    private static String required(String value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return value;
    }
}
