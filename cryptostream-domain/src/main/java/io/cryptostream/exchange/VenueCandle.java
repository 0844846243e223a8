package io.cryptostream.exchange;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One of a venue's own 1-minute candles, as its REST candle endpoint publishes it: the minute it opens at, prices and
 * base volume exactly as sent (trailing zeros dropped, so equal values are equal), and the trade count where the venue
 * gives one (Binance, Kraken).
 */
public record VenueCandle(Instant openTime, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
                          BigDecimal volume, OptionalLong trades) {

    public VenueCandle {
        Objects.requireNonNull(openTime, "openTime");
        open = canonical(open, "open");
        high = canonical(high, "high");
        low = canonical(low, "low");
        close = canonical(close, "close");
        volume = canonical(volume, "volume");
        Objects.requireNonNull(trades, "trades");
    }

    public VenueCandle withClose(BigDecimal newClose) {
        return new VenueCandle(openTime, open, high, low, newClose, volume, trades);
    }

    public VenueCandle withVolume(BigDecimal newVolume) {
        return new VenueCandle(openTime, open, high, low, close, newVolume, trades);
    }

    private static BigDecimal canonical(BigDecimal value, String field) {
        BigDecimal stripped = Objects.requireNonNull(value, field).stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
