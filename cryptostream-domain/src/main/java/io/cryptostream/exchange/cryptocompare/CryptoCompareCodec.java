package io.cryptostream.exchange.cryptocompare;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.feed.FrameJson;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Decodes CryptoCompare streamer v2 frames: 20 welcome, 16/17/18 (un)subscribe acks, 3 load complete,
 * 999 heartbeat, 401/429/500 errors and TYPE 0 trades. Every other TYPE is {@link FeedEvent.Unhandled}.
 *
 * <p>Numbers are read from their JSON token text, so {@code "P":32500.12} becomes exactly 32500.12. {@code F},
 * {@code ID}, {@code TS} and {@code TSNS} are accepted as strings or numbers.
 */
public final class CryptoCompareCodec implements ExchangeCodec {

    static final int SELL_FLAG = 1;
    static final int BUY_FLAG = 2;

    private static final JsonFactory JSON = FrameJson.FACTORY;

    @Override
    public FeedEvent decode(String frame, Instant receivedAt) {
        Fields f;
        try {
            f = Fields.read(frame);
        } catch (IOException | RuntimeException e) {
            return new FeedEvent.Malformed("not a JSON object: " + e.getMessage(), frame);
        }
        if (f == null) {
            return new FeedEvent.Malformed("not a JSON object", frame);
        }
        if (f.type == null) {
            return new FeedEvent.Malformed("no TYPE field", frame);
        }
        return switch (f.type) {
            case "0" -> trade(f, frame, receivedAt);
            case "20" -> new FeedEvent.Welcome(f.message == null ? "STREAMERWELCOME" : f.message);
            case "16" -> new FeedEvent.Subscribed(f.sub);
            case "17" -> new FeedEvent.Unsubscribed(f.sub, f.info);
            case "18" -> new FeedEvent.Unsubscribed("*", f.info);
            case "3" -> new FeedEvent.LoadComplete(f.info);
            case "999" -> heartbeat(f, frame);
            case "401", "429", "500" -> new FeedEvent.Rejected(Integer.parseInt(f.type), f.message, detail(f));
            default -> new FeedEvent.Unhandled(f.type);
        };
    }

    private static FeedEvent heartbeat(Fields f, String frame) {
        if (f.timeMs == null) {
            return new FeedEvent.Heartbeat(null);
        }
        try {
            return new FeedEvent.Heartbeat(Instant.ofEpochMilli(new BigDecimal(f.timeMs).longValueExact()));
        } catch (ArithmeticException | NumberFormatException e) {
            return new FeedEvent.Malformed("heartbeat TIMEMS is not whole milliseconds: " + f.timeMs, frame);
        }
    }

    private static String detail(Fields f) {
        if (f.info != null && f.parameter != null) {
            return f.info + " (parameter: " + f.parameter + ")";
        }
        return f.info != null ? f.info : f.parameter;
    }

    private static FeedEvent trade(Fields f, String frame, Instant receivedAt) {
        String missing = f.missingTradeField();
        if (missing != null) {
            return new FeedEvent.Malformed("trade without " + missing, frame);
        }
        try {
            int flags = Integer.parseInt(f.flags);
            TakerSide side = (flags & SELL_FLAG) != 0 ? TakerSide.SELL
                    : (flags & BUY_FLAG) != 0 ? TakerSide.BUY : TakerSide.UNKNOWN;
            long seconds = new BigDecimal(f.ts).longValueExact();
            long nanos = f.tsns == null ? 0 : Long.parseLong(f.tsns);
            Instant eventTime = Instant.ofEpochSecond(seconds, nanos);
            Market market = new Market(f.market, f.fsym, f.tsym);
            return new FeedEvent.Trades(List.of(Trade.of(market, side, new BigDecimal(f.price),
                    new BigDecimal(f.quantity), f.id, eventTime, receivedAt)));
        } catch (RuntimeException e) {
            return new FeedEvent.Malformed("bad trade field: " + e.getMessage(), frame);
        }
    }

    /** The fields this codec reads, as token text. One pass, nested objects skipped. */
    private static final class Fields {
        String type, message, sub, info, parameter, timeMs;
        String market, fsym, tsym, flags, id, ts, tsns, quantity, price;

        static Fields read(String frame) throws IOException {
            try (JsonParser p = JSON.createParser(frame)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                Fields f = new Fields();
                JsonToken token;
                while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (value.isStructStart()) {
                        p.skipChildren();
                        continue;
                    }
                    String text = value == JsonToken.VALUE_NULL ? null : p.getText();
                    String string = value == JsonToken.VALUE_STRING ? text : null;
                    switch (name) {
                        case "TYPE" -> f.type = text;
                        case "MESSAGE" -> f.message = text;
                        case "SUB" -> f.sub = text;
                        case "INFO" -> f.info = text;
                        case "PARAMETER" -> f.parameter = text;
                        case "TIMEMS" -> f.timeMs = text;
                        // Names must be strings: "FSYM":false is damage, not a coin called false.
                        case "M" -> f.market = string;
                        case "FSYM" -> f.fsym = string;
                        case "TSYM" -> f.tsym = string;
                        case "F" -> f.flags = text;
                        case "ID" -> f.id = text;
                        case "TS" -> f.ts = text;
                        case "TSNS" -> f.tsns = text;
                        case "Q" -> f.quantity = text;
                        case "P" -> f.price = text;
                        default -> { }
                    }
                }
                if (token != JsonToken.END_OBJECT) {
                    throw new IOException("unexpected " + token);
                }
                if (p.nextToken() != null) {
                    throw new IOException("trailing content after the object");
                }
                return f;
            }
        }

        String missingTradeField() {
            if (market == null) return "M";
            if (fsym == null) return "FSYM";
            if (tsym == null) return "TSYM";
            if (flags == null) return "F";
            if (id == null) return "ID";
            if (ts == null) return "TS";
            if (quantity == null) return "Q";
            if (price == null) return "P";
            return null;
        }
    }
}
