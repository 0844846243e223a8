package io.cryptostream.exchange.coinbase;

import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.feed.FrameWriter;
import io.cryptostream.feed.JsonFrameText;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Coinbase Advanced Trade {@code market_trades} messages, one trade per {@code update} event: the envelope's
 * {@code timestamp} is the send time and {@code sequence_num} counts the connection's messages; {@code side} is
 * written as the taker's, as {@link CoinbaseAdvancedCodec} reads it.
 */
public final class CoinbaseAdvancedFrames implements FrameWriter {

    private final LongSupplier sequence;
    private final CoinbaseFrames exchangeFeed = new CoinbaseFrames();

    /** Numbers its messages 0, 1, ... */
    public CoinbaseAdvancedFrames() {
        this(new AtomicLong()::getAndIncrement);
    }

    /** Numbers its messages from {@code sequence}, which the connection's other messages share. */
    public CoinbaseAdvancedFrames(LongSupplier sequence) {
        this.sequence = sequence;
    }

    /** The same trades as the Exchange feed's: µs and a side on every trade. */
    @Override
    public Trade asReported(Trade trade) {
        return exchangeFeed.asReported(trade);
    }

    @Override
    public String tradeFrame(Trade trade) {
        String side = FrameWriter.knownSide(trade, "Coinbase Advanced Trade") == TakerSide.BUY ? "BUY" : "SELL";
        return JsonFrameText.object("Coinbase Advanced Trade", g -> {
            g.writeStringField("channel", CoinbaseAdvancedSubscriptions.MARKET_TRADES);
            g.writeStringField("client_id", "");
            g.writeStringField("timestamp", Instant.now().toString());
            g.writeNumberField("sequence_num", sequence.getAsLong());
            g.writeArrayFieldStart("events");
            g.writeStartObject();
            g.writeStringField("type", "update");
            g.writeArrayFieldStart("trades");
            g.writeStartObject();
            g.writeStringField("product_id", CoinbaseSymbols.productId(trade.market()));
            g.writeStringField("trade_id", trade.tradeId());
            g.writeStringField("price", trade.price().toPlainString());
            g.writeStringField("size", trade.quantity().toPlainString());
            g.writeStringField("time", CoinbaseFrames.MICROS.format(trade.eventTime()));
            g.writeStringField("side", side);
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
        });
    }
}
