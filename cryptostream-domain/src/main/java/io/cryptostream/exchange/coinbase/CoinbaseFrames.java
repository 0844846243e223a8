package io.cryptostream.exchange.coinbase;

import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.feed.FrameWriter;
import io.cryptostream.feed.JsonFrameText;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Coinbase Exchange {@code match} messages: {@code side} is the maker's (the opposite of the taker side), sizes and
 * prices are strings, {@code time} is ISO-8601 with microseconds, and {@code sequence} counts the feed's messages.
 */
public final class CoinbaseFrames implements FrameWriter {

    /** ISO-8601 UTC with microseconds, as both Coinbase feeds stamp trades. */
    public static final DateTimeFormatter MICROS = FrameWriter.UTC_MICROS;

    private final LongSupplier sequence;

    /** Numbers its frames 1, 2, ... */
    public CoinbaseFrames() {
        this(new AtomicLong(1)::getAndIncrement);
    }

    /** Numbers its frames from {@code sequence}, which the feed's other messages share. */
    public CoinbaseFrames(LongSupplier sequence) {
        this.sequence = sequence;
    }

    /** Coinbase stamps µs and always names a side; an unknown side becomes a buy. */
    @Override
    public Trade asReported(Trade trade) {
        return FrameWriter.reported(trade, ChronoUnit.MICROS, TakerSide.BUY);
    }

    @Override
    public String tradeFrame(Trade trade) {
        String makerSide = FrameWriter.knownSide(trade, "Coinbase") == TakerSide.BUY ? "sell" : "buy";
        String productId = CoinbaseSymbols.productId(trade.market());
        return JsonFrameText.object("Coinbase", g -> {
            g.writeStringField("type", "match");
            g.writeNumberField("trade_id", Long.parseLong(trade.tradeId()));
            g.writeStringField("maker_order_id", orderId("maker", productId, trade.tradeId()));
            g.writeStringField("taker_order_id", orderId("taker", productId, trade.tradeId()));
            g.writeStringField("side", makerSide);
            g.writeStringField("size", trade.quantity().toPlainString());
            g.writeStringField("price", trade.price().toPlainString());
            g.writeStringField("product_id", productId);
            g.writeNumberField("sequence", sequence.getAsLong());
            g.writeStringField("time", MICROS.format(trade.eventTime()));
        });
    }

    /** A stable UUID per trade and role, shaped like Coinbase's order ids. */
    private static String orderId(String role, String productId, String tradeId) {
        return UUID.nameUUIDFromBytes((role + " " + productId + " " + tradeId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
