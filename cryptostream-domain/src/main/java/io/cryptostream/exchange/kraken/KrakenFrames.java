package io.cryptostream.exchange.kraken;

import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.feed.FrameWriter;
import io.cryptostream.feed.JsonFrameText;

import java.math.BigInteger;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Kraken WebSocket v2 {@code trade} updates, one trade each: prices and quantities as JSON numbers, the taker side,
 * integer {@code trade_id}s and RFC 3339 timestamps with microseconds.
 */
public final class KrakenFrames implements FrameWriter {

    /** RFC 3339 UTC with microseconds, as Kraken v2 stamps trades and requests. */
    public static final DateTimeFormatter RFC_3339_MICROS = FrameWriter.UTC_MICROS;

    /** Kraken stamps µs and always knows the taker; an unknown side becomes a buy. */
    @Override
    public Trade asReported(Trade trade) {
        return FrameWriter.reported(trade, ChronoUnit.MICROS, TakerSide.BUY);
    }

    @Override
    public String tradeFrame(Trade trade) {
        String side = FrameWriter.knownSide(trade, "Kraken") == TakerSide.BUY ? "buy" : "sell";
        BigInteger tradeId;
        try {
            tradeId = new BigInteger(trade.tradeId());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Kraken trade ids are integers; trade of " + trade.market()
                    + " has id '" + trade.tradeId() + "'", e);
        }
        return JsonFrameText.object("Kraken", g -> {
            g.writeStringField("channel", KrakenSubscriptions.TRADE_CHANNEL);
            g.writeStringField("type", "update");
            g.writeArrayFieldStart("data");
            g.writeStartObject();
            g.writeStringField("symbol", KrakenSymbols.v2Pair(trade.market()));
            g.writeStringField("side", side);
            g.writeFieldName("price");
            g.writeNumber(trade.price().toPlainString());
            g.writeFieldName("qty");
            g.writeNumber(trade.quantity().toPlainString());
            g.writeStringField("ord_type", "limit");
            g.writeFieldName("trade_id");
            g.writeNumber(tradeId);
            g.writeStringField("timestamp", RFC_3339_MICROS.format(trade.eventTime()));
            g.writeEndObject();
            g.writeEndArray();
        });
    }
}
