package io.cryptostream.cli;

import io.cryptostream.store.Candle;
import io.cryptostream.store.DirectionWindow;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Window rows and candles as tables a person reads in a terminal. */
final class WindowTables {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final MathContext DISPLAY = new MathContext(12);

    private WindowTables() {
    }

    static String windows(List<DirectionWindow> rows) {
        TextTable table = new TextTable(List.of("window (UTC)", "market", "pair", "side", "trades", "avg price",
                "quantity", "volume", "open", "high", "low", "close", "vwap"));
        rows.forEach(w -> table.add(List.of(MINUTE.format(w.windowStart()), w.exchange(), w.base() + "-" + w.quote(),
                w.direction().name(), Long.toString(w.tradeCount()), shown(w.avgPrice()), shown(w.totalQuantity()),
                shown(w.totalVolume()), shown(w.open()), shown(w.high()), shown(w.low()), shown(w.close()),
                shown(w.vwap()))));
        return table.render();
    }

    static String candles(List<Candle> candles) {
        TextTable table = new TextTable(List.of("window_start", "open", "high", "low", "close", "volume",
                "quote_volume", "trades", "buy_volume", "sell_volume", "vwap"));
        candles.forEach(c -> table.add(List.of(iso(c.windowStart()), plain(c.open()), plain(c.high()), plain(c.low()),
                plain(c.close()), plain(c.volume()), plain(c.quoteVolume()), Long.toString(c.trades()),
                plain(c.buyVolume()), plain(c.sellVolume()), plain(c.vwap()))));
        return table.render();
    }

    static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    /** Exact digits, no exponent, no trailing zeros. */
    static String plain(BigDecimal value) {
        if (value == null) {
            return "";
        }
        String text = value.stripTrailingZeros().toPlainString();
        return text.equals("0.0") ? "0" : text;
    }

    /** Rounded to 12 significant digits for a readable console; exact values stay in Cassandra. */
    private static String shown(BigDecimal value) {
        return value == null ? "" : plain(value.round(DISPLAY));
    }
}
