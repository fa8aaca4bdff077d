package dev.sweep.api.curves;

import dev.sweep.api.analysis.TrialResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Builds the curve charts: loss on top, accuracy below, sharing the epoch axis, so one image
 * answers both "is it still learning" and "is it overfitting".
 */
final class CurveCharts {
  private static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

  private static final Shape[] SHAPES = DefaultDrawingSupplier.createStandardSeriesShapes();

  /**
   * Fixed colours and shapes by series index, so the two panels of one chart colour the same trial
   * alike (a combined plot would otherwise carry its colour sequence over from the first panel).
   */
  private static final Color[] PALETTE = {
    new Color(0x1F77B4),
    new Color(0xD62728),
    new Color(0x2CA02C),
    new Color(0xFF7F0E),
    new Color(0x9467BD),
    new Color(0x8C564B),
    new Color(0xE377C2),
    new Color(0x7F7F7F),
    new Color(0xBCBD22),
    new Color(0x17BECF)
  };

  private CurveCharts() {}

  /**
   * Train and val loss, train and val accuracy of one trial; train only for a trial without
   * validation images (no val line pretends to be a value).
   */
  static JFreeChart trial(TrialResult trial, List<EpochPoint> points) {
    boolean validated = points.stream().anyMatch(EpochPoint::validated);
    XYSeriesCollection loss = new XYSeriesCollection();
    loss.addSeries(series("train loss", points, EpochPoint::trainLoss));
    XYSeriesCollection accuracy = new XYSeriesCollection();
    accuracy.addSeries(series("train accuracy", points, EpochPoint::trainAccuracy));
    if (validated) {
      loss.addSeries(series("val loss", points, EpochPoint::valLoss));
      accuracy.addSeries(series("val accuracy", points, EpochPoint::valAccuracy));
    }
    CombinedDomainXYPlot plot = combined(points.size());
    plot.add(subplot(loss, "Loss", true, points.size(), 0), 1);
    plot.add(subplot(accuracy, "Accuracy", true, points.size(), 2), 1);
    JFreeChart chart =
        new JFreeChart("Trial " + trial.id(), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.addSubtitle(new TextTitle(describe(trial), SUBTITLE));
    if (points.isEmpty()) {
      chart.addSubtitle(new TextTitle("no epochs reported yet", SUBTITLE));
    }
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /**
   * Val loss and val accuracy of several trials, labelled by rank; train loss and accuracy when
   * none of them has validation images (a sweep with validation_size 0).
   */
  static JFreeChart overlay(String title, List<RankedCurve> curves) {
    boolean validated =
        curves.isEmpty()
            || curves.stream().anyMatch(c -> c.points().stream().anyMatch(EpochPoint::validated));
    String set = validated ? "Val" : "Train";
    XYSeriesCollection loss = new XYSeriesCollection();
    XYSeriesCollection accuracy = new XYSeriesCollection();
    int longest = 0;
    for (RankedCurve c : curves) {
      String name = "#" + c.rank() + " trial " + c.trial().id() + " (" + c.label() + ")";
      loss.addSeries(
          series(name, c.points(), validated ? EpochPoint::valLoss : EpochPoint::trainLoss));
      accuracy.addSeries(
          series(
              name, c.points(), validated ? EpochPoint::valAccuracy : EpochPoint::trainAccuracy));
      longest = Math.max(longest, c.points().size());
    }
    CombinedDomainXYPlot plot = combined(longest);
    plot.add(subplot(loss, set + " loss", true, longest, 0), 1);
    // the same series in the same order share colours; one legend entry per trial is enough
    plot.add(subplot(accuracy, set + " accuracy", false, longest, 0), 1);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    if (curves.isEmpty()) {
      chart.addSubtitle(new TextTitle("no finished trials yet", SUBTITLE));
    }
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  record RankedCurve(int rank, TrialResult trial, String label, List<EpochPoint> points) {}

  static String describe(TrialResult trial) {
    Map<String, String> shown = new java.util.TreeMap<>();
    trial.params().fields().forEachRemaining(e -> shown.put(e.getKey(), text(e.getValue())));
    return shown.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String text(com.fasterxml.jackson.databind.JsonNode v) {
    return v.isTextual() ? v.textValue() : v.toString();
  }

  private static CombinedDomainXYPlot combined(int epochs) {
    NumberAxis epochAxis = new NumberAxis("Epoch");
    epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    epochAxis.setAutoRangeIncludesZero(false);
    if (epochs <= 1) {
      epochAxis.setRange(0.5, 2.5);
    }
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochAxis);
    plot.setGap(12);
    return plot;
  }

  private static XYPlot subplot(
      XYSeriesCollection data, String label, boolean inLegend, int epochs, int firstColour) {
    NumberAxis axis = new NumberAxis(label);
    axis.setAutoRangeIncludesZero(false);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, epochs <= 30);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(2f));
      renderer.setSeriesPaint(i, PALETTE[(i + firstColour) % PALETTE.length]);
      renderer.setSeriesShape(i, SHAPES[(i + firstColour) % SHAPES.length]);
    }
    renderer.setDefaultSeriesVisibleInLegend(inLegend);
    XYPlot plot = new XYPlot(data, null, axis, renderer);
    plot.setBackgroundPaint(new Color(0xF7F7F7));
    plot.setDomainGridlinePaint(new Color(0xDDDDDD));
    plot.setRangeGridlinePaint(new Color(0xDDDDDD));
    return plot;
  }

  /** The points that have the value: an epoch without it is left out, never drawn as 0. */
  private static XYSeries series(
      String name, List<EpochPoint> points, Function<EpochPoint, Double> value) {
    XYSeries s = new XYSeries(name, false, false);
    for (EpochPoint p : points) {
      Double v = value.apply(p);
      if (v != null) {
        s.add(p.epoch(), v);
      }
    }
    return s;
  }
}
