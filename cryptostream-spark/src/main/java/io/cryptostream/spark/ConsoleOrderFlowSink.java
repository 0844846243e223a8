package io.cryptostream.spark;

import io.cryptostream.store.OrderFlowWindow;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Prints each batch's order-flow rows as a table (memory mode and demos); every number prints exactly. */
public final class ConsoleOrderFlowSink implements OrderFlowSink {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final String ROW = "%-30s  %-10s  %-9s  %-4s  %7s  %7s  %7s  %14s  %18s  %14s  %18s%n";

    private final PrintStream out;

    public ConsoleOrderFlowSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public void write(OrderFlowBatch batch) {
        out.printf("Order batch %d: %d order-flow rows updated%n", batch.batchId(), batch.windows().size());
        out.printf(ROW, "window (UTC)", "market", "pair", "side", "created", "changed", "deleted",
                "created amount", "created notional", "deleted amount", "deleted notional");
        for (OrderFlowWindow w : batch.windows()) {
            out.printf(ROW, TIME.format(w.windowStart()) + " - " + TIME.format(w.windowEnd()).substring(11),
                    w.exchange(), w.base() + "-" + w.quote(), w.side(), w.created(), w.changed(), w.deleted(),
                    w.createdAmount().toPlainString(), w.createdNotional().toPlainString(),
                    w.deletedAmount().toPlainString(), w.deletedNotional().toPlainString());
        }
        out.flush();
    }
}
