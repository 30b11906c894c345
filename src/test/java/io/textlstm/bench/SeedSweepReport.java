package io.textlstm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.textlstm.bench.SeedSweep.EpochResult;
import io.textlstm.bench.SeedSweep.SeedResult;
import io.textlstm.bench.SeedSweep.Stats;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Writes a seed sweep's {@code sweep.json}, {@code sweep.md} and {@code test_accuracy.png}. */
final class SeedSweepReport {
    static final String JSON_FILE = "sweep.json";
    static final String MARKDOWN_FILE = "sweep.md";
    static final String PLOT_FILE = "test_accuracy.png";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SeedSweepReport() {}

    static void write(Path out, String command, List<String> trainOptions, List<SeedResult> results) throws IOException {
        List<Map<String, Object>> perEpoch = SeedSweep.perEpoch(results);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("command", command);
        report.put("train_options", trainOptions);
        report.put("machine", BenchReport.machine());
        report.put("seeds", results);
        report.put("per_epoch", perEpoch);
        JSON.writeValue(out.resolve(JSON_FILE).toFile(), report);
        Files.writeString(out.resolve(MARKDOWN_FILE), markdown(command, trainOptions, results, perEpoch), StandardCharsets.UTF_8);
        plot(results, perEpoch, trainOptions, out.resolve(PLOT_FILE));
    }

    private static String markdown(String command, List<String> trainOptions, List<SeedResult> results, List<Map<String, Object>> perEpoch)
            throws IOException {
        StringBuilder md = new StringBuilder("# Seed sweep: the Keras IMDB LSTM tutorial over seeds\n\n");
        md.append("Command: `").append(command).append("`  \n");
        Map<String, Object> m = BenchReport.machine();
        md.append(String.format(Locale.ROOT, "Machine: %s, %s cores, %s GiB memory  %n", m.get("cpu"), m.get("cores"),
                m.get("memory_gib")));
        md.append(String.format(Locale.ROOT, "Seeds: 1 to %d, each `textlstm train --seed k --no-export` in its own JVM; "
                + "test = %s.%n%n", results.size(), trainOptions.contains("--data")
                        ? "the data's test split" : "the official 25,000 IMDB test reviews"));
        md.append("## Over the seeds, per epoch: mean ± sample sd (min–max)\n\n");
        md.append("| epoch | test accuracy | test loss | train accuracy | train loss | s/epoch |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (Map<String, Object> row : perEpoch) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", row.get("epoch"),
                    percent((Stats) row.get("test_accuracy")), plain((Stats) row.get("test_loss")),
                    percent((Stats) row.get("train_accuracy")), plain((Stats) row.get("train_loss")),
                    seconds((Stats) row.get("seconds"))));
        }
        md.append("\n## Every seed\n\n");
        md.append("| seed | epoch | train loss | train acc | test loss | test acc | s/epoch |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (SeedResult r : results) {
            for (EpochResult e : r.epochs()) {
                md.append(String.format(Locale.ROOT, "| %d | %d | %.4f | %.2f%% | %.4f | %.2f%% | %.1f |%n", r.seed(),
                        e.epoch(), e.trainLoss(), 100 * e.trainAccuracy(), e.testLoss(), 100 * e.testAccuracy(),
                        e.seconds()));
            }
        }
        return md.toString();
    }

    private static String percent(Stats s) {
        return String.format(Locale.ROOT, "%.2f ± %.2f%% (%.2f–%.2f)", 100 * s.mean(), 100 * s.sd(), 100 * s.min(), 100 * s.max());
    }

    private static String plain(Stats s) {
        return String.format(Locale.ROOT, "%.4f ± %.4f (%.4f–%.4f)", s.mean(), s.sd(), s.min(), s.max());
    }

    private static String seconds(Stats s) {
        return String.format(Locale.ROOT, "%.1f ± %.1f (%.1f–%.1f)", s.mean(), s.sd(), s.min(), s.max());
    }

    /** Test accuracy per epoch: a thin line per seed, the mean bold, the tutorial's published figure dashed. */
    private static void plot(List<SeedResult> results, List<Map<String, Object>> perEpoch, List<String> trainOptions,
            Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection data = new XYSeriesCollection();
        for (SeedResult r : results) {
            XYSeries s = new XYSeries("seed " + r.seed());
            for (EpochResult e : r.epochs()) {
                s.add(e.epoch(), 100 * e.testAccuracy());
            }
            data.addSeries(s);
        }
        XYSeries mean = new XYSeries("mean of " + results.size() + " seeds");
        for (Map<String, Object> row : perEpoch) {
            mean.add(((Number) row.get("epoch")).doubleValue(), 100 * ((Stats) row.get("test_accuracy")).mean());
        }
        data.addSeries(mean);
        String title = "IMDB test accuracy per epoch, "
                + (trainOptions.isEmpty() ? "default options" : String.join(" ", trainOptions));
        JFreeChart chart = ChartFactory.createXYLineChart(title, "epoch", "test accuracy (%)", data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < results.size(); i++) {
            renderer.setSeriesPaint(i, new Color(150, 150, 150));
            renderer.setSeriesStroke(i, new BasicStroke(1f));
            renderer.setSeriesVisibleInLegend(i, i == 0);
        }
        if (!results.isEmpty()) {
            data.getSeries(0).setKey("each seed");
        }
        renderer.setSeriesPaint(results.size(), new Color(31, 119, 180));
        renderer.setSeriesStroke(results.size(), new BasicStroke(3f));
        plot.setRenderer(renderer);
        ValueMarker tutorial = new ValueMarker(100 * SeedSweep.TUTORIAL_TEST_ACCURACY, new Color(214, 39, 40),
                new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        tutorial.setLabel(String.format(Locale.ROOT, "Keras tutorial, one run: %.2f%%", 100 * SeedSweep.TUTORIAL_TEST_ACCURACY));
        tutorial.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        tutorial.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        plot.addRangeMarker(tutorial);
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis range = (NumberAxis) plot.getRangeAxis();
        range.setAutoRangeIncludesZero(false);
        // keep the tutorial's line inside the picture even when every seed is below it
        double top = Math.max(range.getUpperBound(), 100 * SeedSweep.TUTORIAL_TEST_ACCURACY + 0.5);
        range.setRange(range.getLowerBound(), top);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 800, 500);
    }
}
