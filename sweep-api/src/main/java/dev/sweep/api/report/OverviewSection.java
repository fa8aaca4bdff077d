package dev.sweep.api.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.api.analysis.SweepSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The report's overview: status, metric, dataset, model, grid and counts. */
final class OverviewSection {
  private OverviewSection() {}

  static void write(StringBuilder md, ReportData d) {
    SweepSummary s = d.sweep();
    JsonNode def = s.definition();
    md.append("## Overview\n\n");
    md.append("- Status: **").append(s.status()).append("**, created ").append(s.createdAt());
    if (s.finishedAt() != null) {
      md.append(", finished ").append(s.finishedAt());
    }
    md.append('\n');
    md.append("- Metric: ")
        .append(Fmt.code(d.metric().metric().key()))
        .append(" (")
        .append(d.metric().goal())
        .append(")\n");
    md.append("- Dataset: ")
        .append(block(def.get("dataset"), "name", "fashion-mnist"))
        .append('\n');
    md.append("- Model: ").append(block(def.get("model"), "type", "mlp")).append('\n');
    List<String> swept = new ArrayList<>();
    List<String> fixed = new ArrayList<>();
    JsonNode parameters = def.get("parameters");
    if (parameters != null) {
      parameters
          .fields()
          .forEachRemaining(
              e -> {
                JsonNode values = e.getValue().get("values");
                if (values != null && values.size() > 1) {
                  List<String> vs = new ArrayList<>();
                  values.forEach(v -> vs.add(Fmt.value(v)));
                  swept.add(Fmt.code(e.getKey() + " ∈ {" + String.join(", ", vs) + "}"));
                } else {
                  JsonNode v =
                      values != null && values.size() == 1
                          ? values.get(0)
                          : e.getValue().get("value");
                  fixed.add(Fmt.code(e.getKey() + " = " + Fmt.value(v)));
                }
              });
    }
    md.append("- Grid: ")
        .append(swept.isEmpty() ? "a single configuration" : String.join(" × ", swept));
    md.append(fixed.isEmpty() ? "" : "; fixed " + String.join(", ", fixed)).append('\n');
    Map<String, Integer> c = d.trialCounts();
    int total = c.values().stream().mapToInt(Integer::intValue).sum();
    md.append("- Trials: ")
        .append(total)
        .append(" (")
        .append(
            c.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().toLowerCase())
                .collect(Collectors.joining(", ")))
        .append("), served by ")
        .append(d.jobCount())
        .append(" training jobs\n\n");
  }

  /** "mlp (hidden_layers [256,128])" from a definition block. */
  private static String block(JsonNode node, String key, String fallback) {
    if (node == null || !node.isObject()) {
      return Fmt.code(fallback);
    }
    String head = node.has(key) ? Fmt.value(node.get(key)) : fallback;
    List<String> rest = new ArrayList<>();
    node.fields()
        .forEachRemaining(
            e -> {
              if (!e.getKey().equals(key)) {
                rest.add(e.getKey() + " " + Fmt.value(e.getValue()));
              }
            });
    return Fmt.code(head) + (rest.isEmpty() ? "" : " (" + String.join(", ", rest) + ")");
  }
}
