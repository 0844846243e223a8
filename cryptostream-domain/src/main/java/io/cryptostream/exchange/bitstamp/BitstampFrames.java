package io.cryptostream.exchange.bitstamp;

import com.fasterxml.jackson.core.JsonGenerator;
import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.OrderSide;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.feed.FrameWriter;
import io.cryptostream.feed.JsonFrameText;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Bitstamp v2 {@code live_trades_<pair>} trade events and {@code live_orders_<pair>} order events: numbers as the
 * venue's doubles with exact {@code _str} twins, times in seconds and microseconds (as strings), order ids of both
 * sides (the taker's the newer).
 */
public final class BitstampFrames implements FrameWriter {

    /** Maker and taker order ids of a written trade are derived from its id, the taker's being the newer. */
    private static final long ORDER_ID_BASE = 1_400_000_000_000_000L;
    private static final long MICROS_PER_SECOND = 1_000_000L;

    /** Bitstamp reports µs and never an unknown side: an unknown-side trade becomes a buy or a sell by id parity. */
    @Override
    public Trade asReported(Trade trade) {
        TakerSide side = trade.side() != TakerSide.UNKNOWN ? trade.side()
                : Long.parseLong(trade.tradeId()) % 2 == 0 ? TakerSide.BUY : TakerSide.SELL;
        return new Trade(trade.exchange(), trade.base(), trade.quote(), side, trade.price(), trade.quantity(),
                trade.quoteVolume(), trade.tradeId(), trade.eventTime().truncatedTo(ChronoUnit.MICROS),
                trade.receiveTime().truncatedTo(ChronoUnit.MICROS));
    }

    @Override
    public String tradeFrame(Trade trade) {
        if (trade.side() == TakerSide.UNKNOWN) {
            throw new IllegalArgumentException("Bitstamp reports every trade as a buy or a sell; trade "
                    + trade.tradeId() + " has an unknown side (pass trades through asReported)");
        }
        long id = Long.parseLong(trade.tradeId());
        long maker = ORDER_ID_BASE + 2 * id;
        long taker = maker + 1;
        boolean buy = trade.side() == TakerSide.BUY;
        return frame(g -> {
            g.writeObjectFieldStart("data");
            g.writeNumberField("id", id);
            g.writeStringField("timestamp", Long.toString(trade.eventTime().getEpochSecond()));
            writeDecimal(g, "amount", trade.quantity());
            writeDecimal(g, "price", trade.price());
            g.writeNumberField("type", buy ? 0 : 1);
            g.writeStringField("microtimestamp", micros(trade.eventTime()));
            g.writeNumberField("buy_order_id", buy ? taker : maker);
            g.writeNumberField("sell_order_id", buy ? maker : taker);
            g.writeEndObject();
            g.writeStringField("channel", BitstampChannel.LIVE_TRADES.of(trade.market()));
            g.writeStringField("event", "trade");
        });
    }

    @Override
    public boolean writesOrders() {
        return true;
    }

    @Override
    public String orderFrame(OrderEvent order) {
        String event = switch (order.action()) {
            case CREATED -> "order_created";
            case CHANGED -> "order_changed";
            case DELETED -> "order_deleted";
        };
        return frame(g -> {
            g.writeObjectFieldStart("data");
            g.writeNumberField("id", Long.parseLong(order.orderId()));
            g.writeStringField("id_str", order.orderId());
            g.writeNumberField("order_type", order.side() == OrderSide.BUY ? 0 : 1);
            g.writeStringField("datetime", Long.toString(order.eventTime().getEpochSecond()));
            g.writeStringField("microtimestamp", micros(order.eventTime()));
            writeDecimal(g, "amount", order.amount());
            writeDecimal(g, "price", order.price());
            g.writeEndObject();
            g.writeStringField("channel", BitstampChannel.LIVE_ORDERS.of(order.market()));
            g.writeStringField("event", event);
        });
    }

    /** The double the venue writes ({@code 1e-08}) and the exact {@code _str} twin clients should read. */
    private static void writeDecimal(JsonGenerator g, String name, BigDecimal value) throws IOException {
        g.writeNumberField(name, value.doubleValue());
        g.writeStringField(name + "_str", value.toPlainString());
    }

    /** Microseconds since the epoch as Bitstamp writes them: a decimal string. */
    public static String micros(Instant time) {
        return Long.toString(Math.addExact(Math.multiplyExact(time.getEpochSecond(), MICROS_PER_SECOND),
                time.getNano() / 1_000L));
    }

    private static String frame(JsonFrameText.Fields fields) {
        return JsonFrameText.object("Bitstamp", fields);
    }
}
