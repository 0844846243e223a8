package io.cryptostream.cli;

import java.time.Duration;
import java.util.Locale;

/**
 * One line on a long run's progress, from two snapshots of its meters:
 * {@code trades 12.5/s | 2 markets, 1/1 connections subscribed | gaps 0 (0 missed) | Spark lag 301 s, 42 batches}
 * (ASCII only: a log file or a terminal may not be UTF-8).
 */
final class StatusLineFormat {

    private StatusLineFormat() {
    }

    static String format(PipelineSnapshot previous, PipelineSnapshot current) {
        StringBuilder line = new StringBuilder();
        line.append("trades ").append(perSecond(previous, current)).append("/s");
        line.append(" | ").append(current.markets().size()).append(current.markets().size() == 1 ? " market" : " markets");
        if (current.connections() > 0) {
            line.append(", ").append(current.connectionsSubscribed()).append('/').append(current.connections())
                    .append(current.connections() == 1 ? " connection" : " connections").append(" subscribed");
        }
        line.append(" | gaps ").append(whole(current.gaps())).append(" (").append(whole(current.missedTrades()))
                .append(" missed)");
        if (Double.isNaN(current.batches())) {
            line.append(" | Spark not started");
        } else {
            line.append(" | Spark lag ").append(Double.isNaN(current.eventTimeLagSeconds()) ? "-"
                    : whole(current.eventTimeLagSeconds()) + " s").append(", ").append(whole(current.batches()))
                    .append(" batches");
        }
        return line.toString();
    }

    private static String perSecond(PipelineSnapshot previous, PipelineSnapshot current) {
        double seconds = Duration.between(previous.at(), current.at()).toMillis() / 1000.0;
        double trades = current.trades() - previous.trades();
        return seconds <= 0 || trades < 0 ? "-" : String.format(Locale.ROOT, "%.1f", trades / seconds);
    }

    private static String whole(double value) {
        return Long.toString(Math.round(value));
    }
}
