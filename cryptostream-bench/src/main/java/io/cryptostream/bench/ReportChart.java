package io.cryptostream.bench;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;

/** Draws the report as one PNG of six JFreeChart panels, one per stage (headless). */
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
        List<JFreeChart> panels = List.of(decode(r.decode()), ingest(r.ingest()), spark(r.sparkJob(), r.sparkScaling()),
                freshness(r.freshness()), state(r.state()), memory(r.memory()));
        for (int k = 0; k < panels.size(); k++) {
            panels.get(k).draw(g, new Rectangle2D.Double(k % 3 * PANEL_WIDTH, HEADER + k / 3 * PANEL_HEIGHT,
                    PANEL_WIDTH, PANEL_HEIGHT));
        }
        g.dispose();
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available to write " + file);
        }
    }

    private static JFreeChart decode(BenchReport.Decode d) {
        DefaultCategoryDataset bars = new DefaultCategoryDataset();
        if (d.error() == null) {
            d.venues().forEach(v -> {
                bars.addValue(v.tradesPerSecond(), "codec", v.venue());
                bars.addValue(v.limitTradesPerSecond(), "limit: JSON tokenizing only", v.venue());
            });
        }
        JFreeChart chart = bars("1. Decode, one thread (trades/s)", bars, d.error(), MEASURED, LIMIT);
        // Venue names, e.g. "Binance (USDM_FUTURES)", wrap rather than being cut short.
        chart.getCategoryPlot().getDomainAxis().setMaximumCategoryLabelLines(3);
        target(chart, d.targetTradesPerSecond(), String.format(Locale.ROOT, "target %,.0f/s",
                d.targetTradesPerSecond()));
        return chart;
    }

    private static JFreeChart ingest(BenchReport.Ingest i) {
        String title = String.format(Locale.ROOT, "2. Ingest → Kafka (trades/s), ratio %.2f", i.ratioToLimit());
        JFreeChart chart = bars(title, i.error(), List.of(new Bar("ingest", i.tradesPerSecond(), MEASURED),
                new Bar("plain producer", i.rawProducerTradesPerSecond(), LIMIT),
                new Bar("counting client", i.frameClientTradesPerSecond(), LIMIT)));
        target(chart, i.limitTradesPerSecond() * i.targetRatio(),
                String.format(Locale.ROOT, "target %.1f × the lower limit", i.targetRatio()));
        return chart;
    }

    /** Every scaling point (format, cores, markets) next to its plain consumer, where one was measured. */
    private static JFreeChart spark(BenchReport.SparkJob s, BenchReport.SparkScaling scaling) {
        DefaultCategoryDataset bars = new DefaultCategoryDataset();
        String error = scaling.points().isEmpty() ? (scaling.error() != null ? scaling.error() : s.error()) : null;
        scaling.points().forEach(p -> {
            String label = p.format() + ", " + p.cores() + (p.cores() == 1 ? " core, " : " cores, ") + p.markets() + " mkts";
            bars.addValue(p.sustainedTradesPerSecond(), "Spark sustained", label);
            bars.addValue(Math.max(0, p.plainConsumerTradesPerSecond()), "plain consumer", label);
        });
        JFreeChart chart = bars(String.format(Locale.ROOT, "3. Spark job (trades/s), ratio %.2f", s.ratioToLimit()),
                bars, error, MEASURED, LIMIT);
        chart.getCategoryPlot().getDomainAxis().setMaximumCategoryLabelLines(3);
        target(chart, s.targetTradesPerSecond(), String.format(Locale.ROOT, "target %,.0f/s", s.targetTradesPerSecond()));
        return chart;
    }

    /** The freshness curve: p50, p99 and max per rate. */
    private static JFreeChart freshness(List<BenchReport.Freshness> curve) {
        DefaultCategoryDataset bars = new DefaultCategoryDataset();
        curve.stream().filter(f -> f.error() == null).forEach(f -> {
            String label = String.format(Locale.ROOT, "%,.0f/s%s", f.targetTradesPerSecond(), f.carried() ? "" : " (behind)");
            bars.addValue(f.p50Millis(), "p50", label);
            bars.addValue(f.p99Millis(), "p99", label);
            bars.addValue(f.maxMillis(), "max", label);
        });
        String error = bars.getColumnCount() > 0 ? null
                : curve.stream().map(BenchReport.Freshness::error).filter(e -> e != null).findFirst().orElse(null);
        JFreeChart chart = bars("4. Freshness, receive → readable (ms)", bars, error, MEASURED, SECOND, TARGET);
        target(chart, BenchReport.FRESHNESS_TARGET_P99_MILLIS, String.format(Locale.ROOT, "target p99 %,.0f ms at %,.0f/s",
                BenchReport.FRESHNESS_TARGET_P99_MILLIS, BenchReport.FRESHNESS_TARGET_RATE));
        return chart;
    }

    private static JFreeChart memory(BenchReport.Memory m) {
        double mib = 1024 * 1024;
        return bars("6. Peak RSS (MiB)", null, List.of(new Bar("ingest", m.ingestPeakRssBytes() / mib, MEASURED),
                new Bar("Spark driver", m.sparkDriverPeakRssBytes() / mib, MEASURED),
                new Bar("Kafka", m.kafkaPeakRssBytes() / mib, LIMIT),
                new Bar("Cassandra", m.cassandraPeakRssBytes() / mib, LIMIT)));
    }

    /** Stage 5: bytes per window against trades per window, both on log scales, one line per query. */
    private static JFreeChart state(BenchReport.State state) {
        XYSeriesCollection lines = new XYSeriesCollection();
        if (state.error() == null) {
            for (String query : List.of("aggregates", "keep every trade")) {
                XYSeries series = new XYSeries(query);
                state.points().stream()
                        .filter(p -> p.query().equals(query) && p.failure() == null && p.bytesPerWindow() > 0)
                        .forEach(p -> series.add(p.tradesPerWindow(), p.bytesPerWindow()));
                lines.addSeries(series);
            }
        }
        JFreeChart chart = ChartFactory.createXYLineChart("5. State bytes per window vs trades per window (log)",
                "trades per window", "bytes per window", lines);
        XYPlot plot = chart.getXYPlot();
        LogAxis tradesAxis = new LogAxis("trades per window");
        LogAxis bytesAxis = new LogAxis("bytes per window");
        for (LogAxis axis : List.of(tradesAxis, bytesAxis)) {
            axis.setNumberFormatOverride(compact());
            axis.setTickUnit(new NumberTickUnit(1));
        }
        plot.setDomainAxis(tradesAxis);
        plot.setRangeAxis(bytesAxis);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, MEASURED);
        renderer.setSeriesPaint(1, SECOND);
        renderer.setDefaultStroke(new BasicStroke(2f));
        plot.setRenderer(renderer);
        // A size the query could not run at (out of memory) is marked where its point would be.
        state.points().stream().filter(p -> p.failure() != null).forEach(p -> {
            ValueMarker failed = marker(p.tradesPerWindow(), p.query() + " failed");
            failed.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            failed.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
            plot.addDomainMarker(failed);
        });
        DoubleSummaryStatistics sizes = state.points().stream().mapToDouble(BenchReport.StatePoint::tradesPerWindow)
                .summaryStatistics();
        if (sizes.getCount() > 0) {
            tradesAxis.setRange(sizes.getMin() / 2, sizes.getMax() * 2);
        }
        boolean none = state.error() == null && lines.getItemCount(0) == 0;
        return style(chart, plot, none ? "no state figures" : state.error());
    }

    private record Bar(String label, double value, Color color) {
    }

    /** One bar per label, each in its own colour; a bar whose value is unknown (negative) is left out. */
    private static JFreeChart bars(String title, String error, List<Bar> all) {
        List<Bar> bars = error == null ? all.stream().filter(bar -> bar.value() >= 0).toList() : List.of();
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        bars.forEach(bar -> dataset.addValue(bar.value(), "", bar.label()));
        JFreeChart chart = bars(title, dataset, error, MEASURED);
        chart.removeLegend();
        chart.getCategoryPlot().setRenderer(new BarRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                return bars.get(column).color();
            }
        });
        barStyle((BarRenderer) chart.getCategoryPlot().getRenderer());
        return chart;
    }

    /** Grouped bars, one colour per series. */
    private static JFreeChart bars(String title, DefaultCategoryDataset dataset, String error, Color... colors) {
        JFreeChart chart = ChartFactory.createBarChart(title, null, null, dataset);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        for (int k = 0; k < colors.length; k++) {
            renderer.setSeriesPaint(k, colors[k]);
        }
        barStyle(renderer);
        ((NumberAxis) plot.getRangeAxis()).setNumberFormatOverride(compact());
        plot.getRangeAxis().setUpperMargin(0.15);
        return style(chart, plot, error);
    }

    private static void barStyle(BarRenderer renderer) {
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setMaximumBarWidth(0.15);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", compact()));
        renderer.setDefaultItemLabelsVisible(true);
    }

    private static JFreeChart style(JFreeChart chart, Plot plot, String error) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setNoDataMessage(error == null ? "no figures" : BenchReport.NOT_SELECTED.equals(error) ? error
                : "failed: " + shortened(error));
        plot.setNoDataMessagePaint(TARGET);
        if (plot instanceof CategoryPlot bars && bars.getDataset().getColumnCount() == 0) {
            bars.getRangeAxis().setVisible(false);
        } else if (error != null && plot instanceof XYPlot lines) {
            lines.getDomainAxis().setVisible(false);
            lines.getRangeAxis().setVisible(false);
        }
        return chart;
    }

    /** A red dashed line across the bars at {@code value}; none when the target is unknown. */
    private static void target(JFreeChart chart, double value, String label) {
        if (value > 0 && chart.getCategoryPlot().getDataset().getColumnCount() > 0) {
            chart.getCategoryPlot().addRangeMarker(marker(value, label));
        }
    }

    private static ValueMarker marker(double value, String label) {
        ValueMarker marker = new ValueMarker(value, TARGET, new BasicStroke(2f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
        marker.setLabel(label);
        marker.setLabelPaint(TARGET);
        marker.setLabelBackgroundColor(Color.WHITE);
        marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        return marker;
    }

    private static String shortened(String error) {
        return error.length() > 80 ? error.substring(0, 80) + "…" : error;
    }

    /** 1234567 → "1.23M", 45000 → "45K". */
    private static NumberFormat compact() {
        NumberFormat format = NumberFormat.getCompactNumberInstance(Locale.ROOT, NumberFormat.Style.SHORT);
        format.setMaximumFractionDigits(2);
        return format;
    }
}
