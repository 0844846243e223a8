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
        String exchange = null, base = null, quote = null, side = null, tradeId = null;
        String price = null, quantity = null, quoteVolume = null, eventTime = null, receiveTime = null;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("trade JSON must be an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value.isStructStart()) {
                    p.skipChildren();
                    continue;
                }
                String text = value == JsonToken.VALUE_NULL ? null : p.getText();
                switch (name) {
                    case "exchange" -> exchange = text;
                    case "base" -> base = text;
                    case "quote" -> quote = text;
                    case "side" -> side = text;
                    case "price" -> price = text;
                    case "quantity" -> quantity = text;
                    case "quoteVolume" -> quoteVolume = text;
                    case "tradeId" -> tradeId = text;
                    case "eventTime" -> eventTime = text;
                    case "receiveTime" -> receiveTime = text;
                    default -> { }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        try {
            BigDecimal p = new BigDecimal(required(price, "price"));
            BigDecimal q = new BigDecimal(required(quantity, "quantity"));
            return new Trade(exchange, base, quote, TakerSide.valueOf(required(side, "side")), p, q,
                    quoteVolume == null ? p.multiply(q) : new BigDecimal(quoteVolume), tradeId,
                    Instant.parse(required(eventTime, "eventTime")), Instant.parse(required(receiveTime, "receiveTime")));
        } catch (NumberFormatException | DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("invalid trade JSON (" + e.getMessage() + "): " + json, e);
        }
    }

    private static String required(String value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return value;
    }
}
