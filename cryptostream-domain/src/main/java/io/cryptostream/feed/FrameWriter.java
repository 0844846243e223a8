package io.cryptostream.feed;

import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The inverse of a venue's {@link ExchangeCodec}: trades (and order events) written as the venue's text frames.
 * What the codec reads back from {@code tradeFrame(asReported(t))} equals {@code asReported(t)} exactly.
 */
public interface FrameWriter {

    /** ISO-8601 (RFC 3339) UTC with microseconds, as Coinbase and Kraken stamp trades. */
    DateTimeFormatter UTC_MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * The trade as this venue can report it: its time precision, the taker sides it knows, its number format.
     * Write and compare this version, not the original.
     */
    Trade asReported(Trade trade);

    /** The frame carrying one trade, already {@link #asReported reported}. */
    String tradeFrame(Trade trade);

    /** True for venues with a per-order channel (Bitstamp live_orders). */
    default boolean writesOrders() {
        return false;
    }

    /** {@code trade} stamped to {@code precision}, as a venue that always knows the taker reports an unknown side. */
    static Trade reported(Trade trade, ChronoUnit precision, TakerSide unknownAs) {
        TakerSide side = trade.side() == TakerSide.UNKNOWN ? unknownAs : trade.side();
        return Trade.of(trade.market(), side, trade.price(), trade.quantity(), trade.tradeId(),
                trade.eventTime().truncatedTo(precision), trade.receiveTime().truncatedTo(precision));
    }

    /**
     * The side of a trade written by a venue that always names the taker, BUY or SELL.
     *
     * @throws IllegalArgumentException naming {@code venue} and the trade when the side is unknown (a trade that
     *                                  did not go through {@link #asReported})
     */
    static TakerSide knownSide(Trade trade, String venue) {
        if (trade.side() == TakerSide.UNKNOWN) {
            throw new IllegalArgumentException(venue + " always names the taker side; trade " + trade.tradeId() + " of "
                    + trade.market() + " has none (pass trades through asReported)");
        }
        return trade.side();
    }

    /** The frame carrying one order book change, for venues that {@link #writesOrders() write orders}. */
    default String orderFrame(OrderEvent order) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " writes no order events");
    }
}
