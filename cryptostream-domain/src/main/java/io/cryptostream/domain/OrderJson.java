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
 * The documented JSON form of an {@link OrderEvent} on the orders topic (one object per Kafka record value, key
 * {@code exchange:BASE-QUOTE}):
 *
 * <pre>{"v":1,"exchange":"Bitstamp","base":"BTC","quote":"USD","side":"BUY","action":"CREATED",
 * "orderId":"1496011283275781","price":"31483.10","amount":"7.92010000",
 * "eventTime":"2022-06-01T08:28:24.363Z","receiveTime":"2022-06-01T08:28:24.401Z"}</pre>
 */
public final class OrderJson {

    public static final int VERSION = 1;
    private static final JsonFactory JSON = new JsonFactory();

    private OrderJson() {
    }

    public static String encode(OrderEvent order) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", VERSION);
            g.writeStringField("exchange", order.exchange());
            g.writeStringField("base", order.base());
            g.writeStringField("quote", order.quote());
            g.writeStringField("side", order.side().name());
            g.writeStringField("action", order.action().name());
            g.writeStringField("orderId", order.orderId());
            g.writeStringField("price", order.price().toPlainString());
            g.writeStringField("amount", order.amount().toPlainString());
            g.writeStringField("eventTime", order.eventTime().toString());
            g.writeStringField("receiveTime", order.receiveTime().toString());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Parses one record value; throws {@link IllegalArgumentException} naming what is wrong. */
    public static OrderEvent decode(String json) {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("order JSON must be an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value.isStructStart()) {
                    p.skipChildren();
                } else if (value != JsonToken.VALUE_NULL) {
                    fields.put(name, p.getText());
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        try {
            return new OrderEvent(fields.get("exchange"), fields.get("base"), fields.get("quote"),
                    OrderSide.valueOf(required(fields, "side")), OrderAction.valueOf(required(fields, "action")),
                    fields.get("orderId"), new BigDecimal(required(fields, "price")), new BigDecimal(required(fields, "amount")),
                    Instant.parse(required(fields, "eventTime")), Instant.parse(required(fields, "receiveTime")));
        } catch (NumberFormatException | DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("invalid order JSON (" + e.getMessage() + "): " + json, e);
        }
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing field '" + name + "'");
        }
        return value;
    }
}
