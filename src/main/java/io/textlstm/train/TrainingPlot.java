package io.textlstm.train;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Draws {@code training.png}: loss and accuracy per epoch, training beside validation, as Keras users plot them. */
public final class TrainingPlot {
    private TrainingPlot() {}

    public static void write(List<EpochRecord> history, String evalName, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeries trainLoss = new XYSeries("train");
        XYSeries evalLoss = new XYSeries(evalName);
        XYSeries trainAcc = new XYSeries("train");
        XYSeries evalAcc = new XYSeries(evalName);
        for (EpochRecord r : history) {
            trainLoss.add(r.epoch(), r.trainLoss());
            evalLoss.add(r.epoch(), r.eval().loss());
            trainAcc.add(r.epoch(), r.trainAccuracy());
            evalAcc.add(r.epoch(), r.eval().accuracy());
        }
        JFreeChart loss = chart("Loss", "loss", trainLoss, evalLoss);
        JFreeChart accuracy = chart("Accuracy", "accuracy", trainAcc, evalAcc);
        int w = 1000;
        int h = 400;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            loss.draw(g, new Rectangle2D.Double(0, 0, w / 2.0, h));
            accuracy.draw(g, new Rectangle2D.Double(w / 2.0, 0, w / 2.0, h));
        } finally {
            g.dispose();
        }
        io.textlstm.DurableFiles.write(png, out -> ImageIO.write(image, "png", out));
    }

    private static JFreeChart chart(String title, String yLabel, XYSeries train, XYSeries eval) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(train);
        data.addSeries(eval);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "epoch", yLabel, data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setRenderer(new XYLineAndShapeRenderer(true, true));
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        return chart;
    }
}
