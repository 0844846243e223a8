package io.cryptostream.exchange.cryptocompare;

import io.cryptostream.domain.Trade;
import io.cryptostream.feed.FrameWriter;
import io.cryptostream.feed.JsonFrameText;

/**
 * CryptoCompare streamer v2 trade messages (TYPE "0"): the exchange in {@code M}, the taker side as the {@code F}
 * bitmask, times as seconds plus their nanosecond parts ({@code TSNS}, {@code RTSNS}), so every trade, UNKNOWN side
 * and nanoseconds included, is reported as it is.
 */
public final class CryptoCompareFrames implements FrameWriter {

    private static final String SELL_FLAG = "1";
    private static final String BUY_FLAG = "2";
    private static final String UNKNOWN_FLAG = "4";

    @Override
    public Trade asReported(Trade trade) {
        return trade;
    }

    @Override
    public String tradeFrame(Trade trade) {
        String flags = switch (trade.side()) {
            case SELL -> SELL_FLAG;
            case BUY -> BUY_FLAG;
            case UNKNOWN -> UNKNOWN_FLAG;
        };
        return JsonFrameText.object("CryptoCompare", g -> {
            g.writeStringField("TYPE", "0");
            g.writeStringField("M", trade.exchange());
            g.writeStringField("FSYM", trade.base());
            g.writeStringField("TSYM", trade.quote());
            g.writeStringField("F", flags);
            g.writeStringField("ID", trade.tradeId());
            g.writeNumberField("TS", trade.eventTime().getEpochSecond());
            g.writeFieldName("Q");
            g.writeNumber(trade.quantity().toPlainString());
            g.writeFieldName("P");
            g.writeNumber(trade.price().toPlainString());
            g.writeFieldName("TOTAL");
            g.writeNumber(trade.quoteVolume().toPlainString());
            g.writeNumberField("RTS", trade.receiveTime().getEpochSecond());
            g.writeNumberField("TSNS", trade.eventTime().getNano());
            g.writeNumberField("RTSNS", trade.receiveTime().getNano());
        });
    }
}
