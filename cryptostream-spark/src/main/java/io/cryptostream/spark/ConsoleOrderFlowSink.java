package io.cryptostream.spark;

import io.cryptostream.store.OrderFlowWindow;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Prints each batch's order-flow rows as a table (memory mode and demos); every number prints exactly. */
public final class ConsoleOrderFlowSink implements OrderFlowSink {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final String ROW = "%-30s  %-10s  %-9s  %-4s  %7s  %7s  %7s  %14s  %18s  %14s  %18s%n";

    private final PrintStream out;

    public ConsoleOrderFlowSink(PrintStream out) {
        this.out = out;
    }

    /** Collects the batch to the driver to print it: the console is for small, local runs. */
    @Override
    public void write(OrderFlowBatch batch) {
        List<OrderFlowWindow> windows = batch.windows()
                .orderBy("window_start", "exchange", "base", "quote", "side").collectAsList().stream()
                .map(row -> OrderFlowWindow.of(new SparkTableRow(row))).toList();
        out.printf("Order batch %d: %d order-flow rows updated%n", batch.batchId(), windows.size());
        out.printf(ROW, "window (UTC)", "market", "pair", "side", "created", "changed", "deleted",
                "created amount", "created notional", "deleted amount", "deleted notional");
        for (OrderFlowWindow w : windows) {
            out.printf(ROW, TIME.format(w.windowStart()) + " - " + TIME.format(w.windowEnd()).substring(11),
                    w.exchange(), w.base() + "-" + w.quote(), w.side(), w.created(), w.changed(), w.deleted(),
                    w.createdAmount().toPlainString(), w.createdNotional().toPlainString(),
                    w.deletedAmount().toPlainString(), w.deletedNotional().toPlainString());
        }
        out.flush();
    }
}
