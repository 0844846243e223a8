package io.cryptostream.exchange.binance;

import io.cryptostream.domain.TakerSide;
import io.cryptostream.domain.Trade;
import io.cryptostream.feed.FrameWriter;
import io.cryptostream.feed.JsonFrameText;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Binance {@code <symbol>@trade} events in the combined-stream wrapper {@code {"stream":..,"data":{..}}}: prices
 * and sizes as strings, times in milliseconds, spot with its {@code M} flag, USD-M with {@code X} = MARKET.
 */
public final class BinanceFrames implements FrameWriter {

    /** Binance spot prints every price and quantity with 8 decimals; USD-M uses each contract's tick size. */
    private static final int SPOT_DECIMALS = 8;

    private final BinanceVenue venue;

    public BinanceFrames(BinanceVenue venue) {
        this.venue = venue;
    }

    /**
     * Milliseconds, as Binance stamps trades; spot numbers with 8 decimals; and a taker side on every trade,
     * since every Binance trade has a maker: an UNKNOWN side becomes BUY or SELL by id parity.
     */
    @Override
    public Trade asReported(Trade trade) {
        Instant eventTime = trade.eventTime().truncatedTo(ChronoUnit.MILLIS);
        Instant receiveTime = trade.receiveTime().truncatedTo(ChronoUnit.MILLIS);
        BigDecimal price = venue == BinanceVenue.SPOT ? spotDecimals(trade.price()) : trade.price();
        BigDecimal quantity = venue == BinanceVenue.SPOT ? spotDecimals(trade.quantity()) : trade.quantity();
        TakerSide side = buyerIsMaker(trade) ? TakerSide.SELL : TakerSide.BUY;
        return Trade.of(trade.market(), side, price, quantity, trade.tradeId(), eventTime, receiveTime);
    }

    private static BigDecimal spotDecimals(BigDecimal value) {
        return value.scale() <= SPOT_DECIMALS ? value.setScale(SPOT_DECIMALS) : value;
    }

    private static boolean buyerIsMaker(Trade trade) {
        return switch (trade.side()) {
            case SELL -> true;
            case BUY -> false;
            case UNKNOWN -> Long.parseLong(trade.tradeId()) % 2 == 1;
        };
    }

    @Override
    public String tradeFrame(Trade trade) {
        long id = Long.parseLong(trade.tradeId());
        long time = trade.eventTime().toEpochMilli();
        return combined(BinanceSubscriptions.tradeStream(trade.market()), g -> {
            g.writeStringField("e", "trade");
            g.writeNumberField("E", time);
            if (venue == BinanceVenue.USDM_FUTURES) {
                g.writeNumberField("T", time);
            }
            g.writeStringField("s", BinanceSymbols.symbol(trade.market()));
            g.writeNumberField("t", id);
            g.writeStringField("p", trade.price().toPlainString());
            g.writeStringField("q", trade.quantity().toPlainString());
            if (venue == BinanceVenue.SPOT) {
                g.writeNumberField("T", time);
                g.writeBooleanField("m", buyerIsMaker(trade));
                g.writeBooleanField("M", true);
            } else {
                g.writeStringField("X", "MARKET");
                g.writeBooleanField("m", buyerIsMaker(trade));
            }
        });
    }

    /** {@code data} wrapped as the combined stream path wraps every event of {@code stream}. */
    public static String combined(String stream, JsonFrameText.Fields data) {
        return JsonFrameText.object("Binance", g -> {
            g.writeStringField("stream", stream);
            g.writeObjectFieldStart("data");
            data.write(g);
            g.writeEndObject();
        });
    }
}
