package io.cryptostream.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Draws the report as one PNG of six panels, one per stage, with Java2D (headless; no chart library). */
final class ReportChart {

    private static final int PANEL_WIDTH = 560;
    private static final int PANEL_HEIGHT = 360;
    private static final int HEADER = 40;
    private static final Color MEASURED = new Color(0x2f6db5);
    private static final Color LIMIT = new Color(0xb0b7c3);
    private static final Color SECOND = new Color(0xd9822b);
    private static final Color TARGET = new Color(0xc0392b);

    private ReportChart() {
    }

    static void write(BenchReport r, Path file) throws IOException {
        BufferedImage image = new BufferedImage(PANEL_WIDTH * 3, PANEL_HEIGHT * 2 + HEADER, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(String.format(Locale.ROOT, "cryptostream bench (%s) — %d cores, load average before %s — %s",
                r.mode(), r.machine().cores(), r.machine().loadAverageBefore(), r.startedAt()), 12, 26);

        List<Bar> decode = new ArrayList<>();
        r.decode().venues().forEach(v -> {
            decode.add(new Bar(v.venue(), v.tradesPerSecond(), MEASURED));
            decode.add(new Bar("", v.limitTradesPerSecond(), LIMIT));
        });
        bars(g, 0, 0, "1. Decode, one thread (trades/s)", decode, BenchReport.DECODE_TARGET_TRADES_PER_SECOND,
                "target 1M/s", r.decode().error());
        legend(g, 0, 0, List.of(new Bar("codec", 0, MEASURED), new Bar("limit: JSON tokenizing only", 0, LIMIT)));

        BenchReport.Ingest i = r.ingest();
        bars(g, 1, 0, String.format(Locale.ROOT, "2. Ingest → Kafka (trades/s), ratio %.2f", i.ratioToLimit()),
                List.of(new Bar("ingest", i.tradesPerSecond(), MEASURED),
                        new Bar("plain producer", i.rawProducerTradesPerSecond(), LIMIT)),
                i.rawProducerTradesPerSecond() * BenchReport.INGEST_TARGET_RATIO, "target 0.8 × producer", i.error());

        BenchReport.SparkJob s = r.sparkJob();
        bars(g, 2, 0, String.format(Locale.ROOT, "3. Spark job (trades/s), ratio %.2f", s.ratioToLimit()),
                List.of(new Bar("Spark sustained", s.sustainedTradesPerSecond(), MEASURED),
                        new Bar("plain consumer", s.plainConsumerTradesPerSecond(), LIMIT)),
                BenchReport.SPARK_TARGET_TRADES_PER_SECOND, "target 200k/s", s.error());

        BenchReport.Freshness f = r.freshness();
        bars(g, 0, 1, String.format(Locale.ROOT, "4. Freshness at %,.0f trades/s (ms)", f.measuredTradesPerSecond()),
                List.of(new Bar("p50", f.p50Millis(), MEASURED), new Bar("p99", f.p99Millis(), MEASURED),
                        new Bar("max", f.maxMillis(), MEASURED), new Bar("mean batch", f.meanBatchMillis(), LIMIT)),
                BenchReport.FRESHNESS_TARGET_P99_MILLIS, "target p99 1 s", f.error());

        state(g, r.state());

        BenchReport.Memory m = r.memory();
        bars(g, 2, 1, "6. Peak RSS (MiB)", List.of(
                new Bar("ingest", m.ingestPeakRssBytes() / 1048576.0, MEASURED),
                new Bar("Spark driver", m.sparkDriverPeakRssBytes() / 1048576.0, MEASURED),
                new Bar("Kafka", m.kafkaPeakRssBytes() / 1048576.0, LIMIT),
                new Bar("Cassandra", m.cassandraPeakRssBytes() / 1048576.0, LIMIT)), -1, null, null);
        g.dispose();
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available to write " + file);
        }
    }

    private record Bar(String label, double value, Color color) {
    }

    private static void bars(Graphics2D g, int column, int row, String title, List<Bar> bars, double target,
                             String targetLabel, String error) {
        int x0 = column * PANEL_WIDTH;
        int y0 = HEADER + row * PANEL_HEIGHT;
        title(g, x0, y0, title);
        if (error != null) {
            failed(g, x0, y0, error);
            return;
        }
        int left = x0 + 70;
        int bottom = y0 + PANEL_HEIGHT - 60;
        int top = y0 + 50;
        int width = PANEL_WIDTH - 100;
        double max = Math.max(target, bars.stream().mapToDouble(Bar::value).max().orElse(1)) * 1.15;
        max = max <= 0 ? 1 : max;
        axis(g, left, top, bottom, width, max);
        int slot = bars.isEmpty() ? width : width / bars.size();
        int barWidth = Math.max(8, Math.min(70, slot - 12));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int k = 0; k < bars.size(); k++) {
            Bar bar = bars.get(k);
            int height = (int) Math.round(Math.max(0, bar.value()) / max * (bottom - top));
            int x = left + k * slot + (slot - barWidth) / 2;
            g.setColor(bar.color());
            g.fillRect(x, bottom - height, barWidth, height);
            g.setColor(Color.DARK_GRAY);
            centered(g, compact(bar.value()), x + barWidth / 2, bottom - height - 4);
            boolean pairs = bars.stream().anyMatch(b -> b.label().isEmpty());
            if (pairs) {
                // A measured bar and its unlabeled limit: the label goes under the pair.
                centered(g, bar.label(), x + slot / 2 + barWidth / 2, bottom + 14 + (k / 2 % 2) * 13);
            } else {
                centered(g, bar.label(), x + barWidth / 2, bottom + 14 + (k % 2) * 13);
            }
        }
        if (target > 0) {
            int y = bottom - (int) Math.round(target / max * (bottom - top));
            g.setColor(TARGET);
            g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
            g.drawLine(left, y, left + width, y);
            g.setStroke(new BasicStroke(1f));
            g.drawString(targetLabel, left + width - g.getFontMetrics().stringWidth(targetLabel), y - 4);
        }
    }

    /** Stage 5: bytes per window against trades per window, both on log scales, one line per query. */
    private static void state(Graphics2D g, BenchReport.State state) {
        int x0 = PANEL_WIDTH;
        int y0 = HEADER + PANEL_HEIGHT;
        title(g, x0, y0, "5. State bytes per window (log) vs trades per window (log)");
        List<BenchReport.StatePoint> points = state.points().stream().filter(p -> p.failure() == null && p.bytesPerWindow() > 0)
                .toList();
        List<BenchReport.StatePoint> failed = state.points().stream().filter(p -> p.failure() != null).toList();
        if (state.error() != null || points.isEmpty()) {
            failed(g, x0, y0, state.error() == null ? "no state figures" : state.error());
            return;
        }
        int left = x0 + 70;
        int bottom = y0 + PANEL_HEIGHT - 60;
        int top = y0 + 50;
        int width = PANEL_WIDTH - 110;
        double minX = Math.log10(state.points().stream().mapToDouble(BenchReport.StatePoint::tradesPerWindow).min().orElseThrow());
        double maxX = Math.log10(state.points().stream().mapToDouble(BenchReport.StatePoint::tradesPerWindow).max().orElseThrow());
        double minY = Math.floor(Math.log10(points.stream().mapToDouble(BenchReport.StatePoint::bytesPerWindow).min().orElseThrow()));
        double maxY = Math.ceil(Math.log10(points.stream().mapToDouble(BenchReport.StatePoint::bytesPerWindow).max().orElseThrow()));
        maxX = maxX == minX ? minX + 1 : maxX;
        maxY = maxY == minY ? minY + 1 : maxY;
        g.setColor(Color.GRAY);
        g.drawLine(left, top, left, bottom);
        g.drawLine(left, bottom, left + width, bottom);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (double e = minY; e <= maxY; e++) {
            int y = bottom - (int) ((e - minY) / (maxY - minY) * (bottom - top));
            g.setColor(new Color(0xeeeeee));
            g.drawLine(left + 1, y, left + width, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(compact(Math.pow(10, e)) + " B", x0 + 8, y + 4);
        }
        int legend = 0;
        for (String query : List.of("aggregates", "keep every trade")) {
            Color color = query.equals("aggregates") ? MEASURED : SECOND;
            List<BenchReport.StatePoint> series = points.stream().filter(p -> p.query().equals(query)).toList();
            int[] previous = null;
            for (BenchReport.StatePoint p : series) {
                int x = left + (int) ((Math.log10(p.tradesPerWindow()) - minX) / (maxX - minX) * width);
                int y = bottom - (int) ((Math.log10(p.bytesPerWindow()) - minY) / (maxY - minY) * (bottom - top));
                g.setColor(color);
                g.fillOval(x - 4, y - 4, 8, 8);
                if (previous != null) {
                    g.setStroke(new BasicStroke(2f));
                    g.drawLine(previous[0], previous[1], x, y);
                    g.setStroke(new BasicStroke(1f));
                }
                previous = new int[]{x, y};
                g.setColor(Color.DARK_GRAY);
                if (query.equals("aggregates")) {
                    centered(g, compact(p.tradesPerWindow()), x, bottom + 14);
                }
            }
            for (BenchReport.StatePoint p : failed) {
                if (p.query().equals(query)) {
                    // A size the query could not run at (out of memory) is marked where its point would be.
                    int x = left + (int) ((Math.log10(p.tradesPerWindow()) - minX) / (maxX - minX) * width);
                    g.setColor(TARGET);
                    g.drawString("✕ failed", x - 20, top + 10);
                }
            }
            g.setColor(color);
            g.fillRect(left + 10, top + legend * 16 - 9, 10, 10);
            g.setColor(Color.DARK_GRAY);
            g.drawString(query, left + 26, top + legend * 16);
            legend++;
        }
    }

    private static void legend(Graphics2D g, int column, int row, List<Bar> entries) {
        int x = column * PANEL_WIDTH + 80;
        int y = HEADER + row * PANEL_HEIGHT + 44;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (Bar entry : entries) {
            g.setColor(entry.color());
            g.fillRect(x, y - 9, 10, 10);
            g.setColor(Color.DARK_GRAY);
            g.drawString(entry.label(), x + 14, y);
            x += 24 + g.getFontMetrics().stringWidth(entry.label());
        }
    }

    private static void title(Graphics2D g, int x0, int y0, String text) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(text, x0 + 12, y0 + 24);
        g.setColor(new Color(0xdddddd));
        g.drawRect(x0 + 4, y0 + 4, PANEL_WIDTH - 8, PANEL_HEIGHT - 8);
    }

    private static void failed(Graphics2D g, int x0, int y0, String error) {
        g.setColor(TARGET);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        String text = "failed: " + error;
        g.drawString(text.length() > 80 ? text.substring(0, 80) + "…" : text, x0 + 12, y0 + 60);
    }

    private static void axis(Graphics2D g, int left, int top, int bottom, int width, double max) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int k = 0; k <= 4; k++) {
            int y = bottom - k * (bottom - top) / 4;
            g.setColor(new Color(0xeeeeee));
            g.drawLine(left + 1, y, left + width, y);
            g.setColor(Color.DARK_GRAY);
            String label = compact(max * k / 4);
            g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        g.setColor(Color.GRAY);
        g.drawLine(left, top, left, bottom);
        g.drawLine(left, bottom, left + width, bottom);
    }

    private static void centered(Graphics2D g, String text, int x, int y) {
        g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, y);
    }

    /** 1234567 → "1.23M", 45000 → "45k". */
    static String compact(double value) {
        double abs = Math.abs(value);
        if (abs >= 1e9) {
            return String.format(Locale.ROOT, "%.3gG", value / 1e9);
        }
        if (abs >= 1e6) {
            return String.format(Locale.ROOT, "%.3gM", value / 1e6);
        }
        if (abs >= 1e3) {
            return String.format(Locale.ROOT, "%.3gk", value / 1e3);
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }
}
