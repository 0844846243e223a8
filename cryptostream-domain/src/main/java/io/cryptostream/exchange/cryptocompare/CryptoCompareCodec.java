package io.cryptostream.exchange.cryptocompare;

import io.cryptostream.domain.Market;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.feed.ExchangeCodec;
import io.cryptostream.feed.FeedEvent;
import io.cryptostream.feed.FrameObject;
import io.cryptostream.feed.MarketCache;
import io.cryptostream.feed.WireTime;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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

    /** A trade's required fields after its names, in the order a missing one is reported. */
    private static final List<String> TRADE_NUMBERS = List.of("F", "ID", "TS", "Q", "P");

    private final MarketCache markets = new MarketCache();

    @Override
    public FeedEvent decode(String frame, Instant receivedAt) {
        return FrameObject.decodeKind(frame, "TYPE", Map.of(), (f, type) -> decode(f, type, frame, receivedAt));
    }

    private FeedEvent decode(FrameObject f, String type, String frame, Instant receivedAt) {
        String message = f.text("MESSAGE");
        String info = f.text("INFO");
        return switch (type) {
            case "0" -> trade(f, frame, receivedAt);
            case "20" -> new FeedEvent.Welcome(message == null ? "STREAMERWELCOME" : message);
            case "16" -> new FeedEvent.Subscribed(f.text("SUB"));
            case "17" -> new FeedEvent.Unsubscribed(f.text("SUB"), info);
            case "18" -> new FeedEvent.Unsubscribed("*", info);
            case "3" -> new FeedEvent.LoadComplete(info);
            case "999" -> heartbeat(f.text("TIMEMS"), frame);
            case "401", "429", "500" -> new FeedEvent.Rejected(Integer.parseInt(type), message, detail(info, f.text("PARAMETER")));
            default -> new FeedEvent.Unhandled(type);
        };
    }

    private static FeedEvent heartbeat(String timeMs, String frame) {
        if (timeMs == null) {
            return new FeedEvent.Heartbeat(null);
        }
        try {
            return new FeedEvent.Heartbeat(Instant.ofEpochMilli(new BigDecimal(timeMs).longValueExact()));
        } catch (ArithmeticException | NumberFormatException e) {
            return new FeedEvent.Malformed("heartbeat TIMEMS is not whole milliseconds: " + timeMs, frame);
        }
    }

    private static String detail(String info, String parameter) {
        if (info != null && parameter != null) {
            return info + " (parameter: " + parameter + ")";
        }
        return info != null ? info : parameter;
    }

    private FeedEvent trade(FrameObject f, String frame, Instant receivedAt) {
        Market known = markets.find(f, "M", "FSYM", "TSYM");
        // Names must be strings: "FSYM":false is damage, not a coin called false.
        String exchange = known == null ? f.string("M") : known.exchange();
        String fsym = known == null ? f.string("FSYM") : known.base();
        String tsym = known == null ? f.string("TSYM") : known.quote();
        String missing = exchange == null ? "M" : fsym == null ? "FSYM" : tsym == null ? "TSYM" : missingNumber(f);
        if (missing != null) {
            return new FeedEvent.Malformed("trade without " + missing, frame);
        }
        try {
            int flags = f.parse("F", (text, begin, end) -> Integer.parseInt(text, begin, end, 10));
            TakerSide side = (flags & SELL_FLAG) != 0 ? TakerSide.SELL
                    : (flags & BUY_FLAG) != 0 ? TakerSide.BUY : TakerSide.UNKNOWN;
            long seconds = f.parse("TS", WireTime::longExact);
            long nanos = f.hasValue("TSNS") ? f.parse("TSNS", (text, begin, end) -> Long.parseLong(text, begin, end, 10)) : 0;
            Instant eventTime = Instant.ofEpochSecond(seconds, nanos);
            Market market = known;
            if (market == null) {
                market = new Market(exchange, fsym, tsym);
                markets.add(market, exchange, fsym, tsym);
            }
            return new FeedEvent.Trades(List.of(Trade.of(market, side, f.decimal("P"), f.decimal("Q"), f.text("ID"),
                    eventTime, receivedAt)));
        } catch (RuntimeException e) {
            return new FeedEvent.Malformed("bad trade field: " + e.getMessage(), frame);
        }
    }

    private static String missingNumber(FrameObject f) {
        for (String field : TRADE_NUMBERS) {
            if (!f.hasValue(field)) {
                return field;
            }
        }
        return null;
    }
}
