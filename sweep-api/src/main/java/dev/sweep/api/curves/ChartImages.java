package dev.sweep.api.curves;

import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.text.TextUtils;
import org.jfree.svg.SVGGraphics2D;

/**
 * Encodes charts. Spring Boot starts the JVM with {@code java.awt.headless=true}, which is all
 * Java2D needs to rasterise without a display.
 */
final class ChartImages {
  static {
    // JFreeChart draws rotated text (the vertical axis labels) as glyph outlines by default, a
    // workaround for old JDKs; with it off the SVG keeps them as searchable, selectable <text>
    TextUtils.setUseDrawRotatedStringWorkaround(false);
  }

  private ChartImages() {}

  static byte[] png(JFreeChart chart, int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, width, height);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] svg(JFreeChart chart, int width, int height) {
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    chart.draw(g, new Rectangle(0, 0, width, height));
    return g.getSVGDocument().getBytes(StandardCharsets.UTF_8);
  }
}
