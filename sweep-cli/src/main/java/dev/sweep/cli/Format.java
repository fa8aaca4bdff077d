package dev.sweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Number and text formatting shared by every view; Locale.ROOT so output never varies by host. */
final class Format {
  private Format() {}

  /** Accuracies as percentages (the way the seed reports them), losses with four decimals. */
  static String metric(String name, Double value) {
    if (value == null || value.isNaN()) {
      return "-";
    }
    return name != null && name.endsWith("accuracy") ? percent(value) : decimal(value);
  }

  /** The share of naive epochs that prefix sharing and folding saved, for example "64%". */
  static String saved(long epochsNaive, long epochsPlanned) {
    return epochsNaive == 0
        ? "0%"
        : Math.round(100.0 * (epochsNaive - epochsPlanned) / epochsNaive) + "%";
  }

  static String percent(Double fraction) {
    return fraction == null ? "-" : String.format(Locale.ROOT, "%.2f %%", fraction * 100);
  }

  static String decimal(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.4f", value);
  }

  /** 0:07, 12:34, 1:02:03. */
  static String duration(Duration d) {
    long s = Math.max(0, d.toSeconds());
    long h = s / 3600;
    long m = (s % 3600) / 60;
    long sec = s % 60;
    return h > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
        : String.format(Locale.ROOT, "%d:%02d", m, sec);
  }

  static String bar(double fraction, int width) {
    double f = Math.max(0, Math.min(1, fraction));
    int full = (int) Math.round(f * width);
    return "[" + "#".repeat(full) + ".".repeat(width - full) + "]";
  }

  /** 2026-12-04 13:02:11Z, or - for none. */
  static String instant(Instant t) {
    return t == null ? "-" : t.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ');
  }

  /**
   * {@code text} word-wrapped to {@code width}: the first line starts with {@code first}, the
   * others with {@code indent}.
   */
  static List<String> wrap(String first, String text, String indent, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder(first);
    int prefix = first.length();
    for (String word : text.split(" ")) {
      boolean empty = line.length() == prefix;
      if (!empty && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line = new StringBuilder(indent);
        prefix = indent.length();
      } else if (!empty) {
        line.append(' ');
      }
      line.append(word);
    }
    lines.add(line.toString());
    return lines;
  }

  static String fit(String line, int width) {
    if (width <= 0 || line.length() <= width) {
      return line;
    }
    return width <= 3 ? line.substring(0, width) : line.substring(0, width - 3) + "...";
  }

  /** Flat {@code key=value} pairs in key order; lists and nested objects keep their JSON text. */
  static Map<String, String> params(JsonNode params) {
    Map<String, String> out = new TreeMap<>();
    if (params == null || !params.isObject()) {
      return out;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = params.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      JsonNode v = e.getValue();
      out.put(e.getKey(), v.isValueNode() ? v.asText() : v.toString());
    }
    return out;
  }

  static String pairs(Map<String, String> params) {
    List<String> parts = new ArrayList<>();
    params.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(" ", parts);
  }

  /**
   * The plan's fusion groups, for example "fused: 16 jobs in 4 groups of 4 (each group trains as
   * one computation on one slot)"; null when every job trains alone (or the API predates groups).
   */
  static String fusionGroups(ApiViews.DryRun plan) {
    if (plan.groups() == null || plan.fusionGroups() == 0 || plan.fusionGroups() >= plan.jobs()) {
      return null;
    }
    TreeMap<Integer, Integer> bySize = new TreeMap<>(Comparator.reverseOrder());
    plan.groups().forEach(g -> bySize.merge(g.jobs(), 1, Integer::sum));
    StringBuilder sizes = new StringBuilder();
    bySize.forEach(
        (size, count) ->
            sizes
                .append(sizes.length() == 0 ? "" : ", ")
                .append(count)
                .append(count == 1 ? " group of " : " groups of ")
                .append(size));
    return "fused: "
        + plan.jobs()
        + " jobs in "
        + sizes
        + " (each group trains as one computation on one slot)";
  }
}
