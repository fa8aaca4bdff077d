package dev.sweep.api.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.api.analysis.Metric;
import java.util.Locale;

/** Number and value formatting shared by the report's sections. */
final class Fmt {
  private Fmt() {}

  /** Accuracies with three decimals, losses with four: the precision that tells trials apart. */
  static String metric(Metric metric, Double value) {
    if (value == null) {
      return "n/a";
    }
    return metric.key().endsWith("accuracy") ? fixed(value, 3) : fixed(value, 4);
  }

  static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String value(JsonNode v) {
    return v == null ? "n/a" : v.isTextual() ? v.textValue() : v.toString();
  }

  /** A code span: names and values need no Markdown escaping inside one. */
  static String code(String text) {
    return "`" + text.replace("`", "'") + "`";
  }

  /** Free text (a sweep's name) made inert for Markdown. */
  static String text(String s) {
    return s.replaceAll("([\\\\`*_\\[\\]<>#|])", "\\\\$1");
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return (s / 60) + " min " + (s % 60) + " s";
    }
    return (s / 3600) + " h " + ((s % 3600) / 60) + " min";
  }
}
