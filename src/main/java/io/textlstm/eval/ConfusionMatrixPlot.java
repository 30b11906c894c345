package io.textlstm.eval;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * Draws {@code confusion_matrix.png}: true labels down, predicted labels across, each cell shaded by its share of
 * the true label's records and annotated with its count.
 */
public final class ConfusionMatrixPlot {
    private ConfusionMatrixPlot() {}

    public static void write(int[][] confusion, List<String> labels, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int k = confusion.length;
        double[] xs = new double[k * k];
        double[] ys = new double[k * k];
        double[] zs = new double[k * k];
        for (int t = 0; t < k; t++) {
            int rowTotal = 0;
            for (int v : confusion[t]) {
                rowTotal += v;
            }
            for (int p = 0; p < k; p++) {
                int i = t * k + p;
                xs[i] = p;
                ys[i] = k - 1 - t; // first true label on top
                zs[i] = rowTotal == 0 ? 0 : (double) confusion[t][p] / rowTotal;
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("share", new double[][] {xs, ys, zs});
        String[] names = labels.toArray(new String[0]);
        String[] reversed = new String[k];
        for (int i = 0; i < k; i++) {
            reversed[i] = names[k - 1 - i];
        }
        SymbolAxis predicted = new SymbolAxis("predicted", names);
        predicted.setVerticalTickLabels(k > 4);
        SymbolAxis truth = new SymbolAxis("true", reversed);
        XYBlockRenderer renderer = new XYBlockRenderer();
        LookupPaintScale scale = new LookupPaintScale(0, 1.0001, Color.WHITE);
        for (int step = 0; step <= 20; step++) {
            float shade = 1f - step / 20f * 0.85f;
            scale.add(step / 20.0, new Color(shade * 0.9f + 0.1f * shade, shade, 1f));
        }
        renderer.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, predicted, truth, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        for (int i = 0; i < k * k; i++) {
            int t = k - 1 - (int) ys[i];
            XYTextAnnotation count = new XYTextAnnotation(String.valueOf(confusion[t][(int) xs[i]]), xs[i], ys[i]);
            count.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, k > 8 ? 10 : 13));
            count.setPaint(zs[i] > 0.6 ? Color.WHITE : Color.BLACK);
            plot.addAnnotation(count);
        }
        ((NumberAxis) plot.getDomainAxis()).setLowerMargin(0);
        JFreeChart chart = new JFreeChart("Confusion matrix", JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        int size = Math.max(420, 60 * k + 180);
        io.textlstm.DurableFiles.write(png, out -> ChartUtils.writeChartAsPNG(out, chart, size, size));
    }
}
