package io.cryptostream.spark;

import io.cryptostream.store.DirectionWindow;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;

/**
 * Prints each batch's window rows as a table (memory mode and demos). Sums print exactly; the average and VWAP
 * (stored at 18 places) print at 8 places to stay readable.
 */
public final class ConsoleWindowSink implements WindowSink {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final String ROW = "%-39s  %-10s  %-9s  %-7s  %14s  %14s  %16s  %5s  %14s  %14s  %14s  %14s  %14s%n";

    private final PrintStream out;

    public ConsoleWindowSink(PrintStream out) {
        this.out = out;
    }

    /** Collects the batch to the driver to print it: the console is for small, local runs. */
    @Override
    public void write(WindowBatch batch) {
        WindowBatch.Collected rows = batch.collect();
        List<DirectionWindow> windows = rows.directionWindows().stream()
                .map(row -> DirectionWindow.of(new SparkTableRow(row)))
                .sorted(Comparator.comparing(DirectionWindow::windowStart).thenComparing(DirectionWindow::exchange)
                        .thenComparing(DirectionWindow::base).thenComparing(DirectionWindow::quote)
                        .thenComparing(w -> w.direction().name()))
                .toList();
        if (windows.isEmpty() && rows.candles().isEmpty()) {
            return;
        }
        out.printf("Batch %d: %d window rows, %d candles updated%n", batch.batchId(), windows.size(),
                rows.candles().size());
        out.printf(ROW, "window (UTC)", "market", "pair", "side", "avg", "qty", "vol", "count",
                "open", "high", "low", "close", "vwap");
        for (DirectionWindow w : windows) {
            out.printf(ROW, TIME.format(w.windowStart()) + " - " + TIME.format(w.windowEnd()).substring(11),
                    w.exchange(), w.base() + "-" + w.quote(), w.direction(), shortened(w.avgPrice()),
                    plain(w.totalQuantity()), plain(w.totalVolume()), w.tradeCount(), plain(w.open()),
                    plain(w.high()), plain(w.low()), plain(w.close()), shortened(w.vwap()));
        }
        out.flush();
    }

    private static String plain(BigDecimal value) {
        return value.toPlainString();
    }

    private static String shortened(BigDecimal quotient) {
        BigDecimal shown = quotient.scale() > 8 ? quotient.setScale(8, RoundingMode.HALF_EVEN) : quotient;
        return shown.stripTrailingZeros().toPlainString();
    }
}
