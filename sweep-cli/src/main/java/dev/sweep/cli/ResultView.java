package dev.sweep.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The end-of-sweep summary and the one-shot commands' output, as pure functions. */
final class ResultView {
  private ResultView() {}

  /**
   * The top results, one row each. Only the parameters that differ between the rows are shown: the
   * constant ones say nothing about why one row beats another (the best block lists them all). A
   * row that stands for folded twins names their values together ({@code loss=nll |
   * cross_entropy}).
   */
  static List<String> leaderboard(ApiViews.Metric metric, List<ApiViews.LeaderboardEntry> rows) {
    String name = metric.name();
    List<String> out = new ArrayList<>();
    out.add(String.format("Top %d by %s (%s)", rows.size(), name, metric.goal()));
    if (rows.isEmpty()) {
      out.add("  no finished trial yet");
      return out;
    }
    Set<String> varying = varyingKeys(rows);
    out.add(
        String.format(
            "  %-4s %-7s %13s %11s %10s %10s %6s  %s",
            "rank", "trial", name, "train_loss", "train_acc", "test_acc", "epochs", "params"));
    for (ApiViews.LeaderboardEntry r : rows) {
      Map<String, String> params = new LinkedHashMap<>(Format.params(r.params()));
      Map<String, String> folded = folded(r.folded());
      params.putAll(folded);
      if (!varying.isEmpty()) {
        params.keySet().removeIf(k -> !varying.contains(k) && !folded.containsKey(k));
      }
      params.remove("epochs");
      out.add(
          String.format(
              "  %-4d %-7d %13s %11s %10s %10s %6d  %s",
              r.rank(),
              r.trialId(),
              Format.metric(name, r.value()),
              Format.decimal(r.trainLoss()),
              Format.percent(r.trainAccuracy()),
              Format.percent(r.testAccuracy()),
              r.epochs(),
              Format.pairs(params)));
    }
    return out;
  }

  /** "nll | cross_entropy" per parameter on which a row's twins differ. */
  private static Map<String, String> folded(com.fasterxml.jackson.databind.JsonNode folded) {
    Map<String, String> out = new LinkedHashMap<>();
    if (folded == null || !folded.isObject()) {
      return out;
    }
    folded
        .fields()
        .forEachRemaining(
            e -> {
              List<String> values = new ArrayList<>();
              e.getValue().forEach(v -> values.add(v.isValueNode() ? v.asText() : v.toString()));
              out.put(e.getKey(), String.join(" | ", values));
            });
    return out;
  }

  /** The best configuration, ending with the three lines the seed's author reported by hand. */
  static List<String> best(ApiViews.Best best) {
    List<String> out = new ArrayList<>();
    String name = best.metric() == null ? "metric" : best.metric().name();
    out.add(
        String.format(
            "Best configuration: trial %d, %s %s after %d epochs",
            best.trialId(),
            name,
            Format.metric(name, best.metric() == null ? null : best.metric().value()),
            best.epochs()));
    Format.params(best.params()).forEach((k, v) -> out.add(String.format("  %-16s %s", k, v)));
    out.add(String.format("Final training loss: %s", Format.decimal(best.trainLoss())));
    out.add(String.format("Train accuracy:      %s", Format.percent(best.trainAccuracy())));
    out.add(
        String.format(
            "Validation accuracy: %s",
            best.valAccuracy() == null && best.trainAccuracy() != null
                ? "- (no validation images: dataset.validation_size 0)"
                : Format.percent(best.valAccuracy())));
    out.add(String.format("Test accuracy:       %s", Format.percent(best.testAccuracy())));
    return out;
  }

  static List<String> status(ApiViews.Sweep s) {
    List<String> out = new ArrayList<>();
    out.add(String.format("sweep #%d %s: %s", s.id(), s.name(), s.status()));
    if (s.metric() != null) {
      out.add(String.format("  metric   %s (%s)", s.metric().name(), s.metric().goal()));
    }
    out.add(
        String.format(
            "  trials   %d: %d succeeded, %d running, %d queued, %d failed, %d cancelled,"
                + " %d pruned",
            s.trials(),
            s.count("SUCCEEDED"),
            s.count("RUNNING"),
            s.count("QUEUED"),
            s.count("FAILED"),
            s.count("CANCELLED"),
            s.count("PRUNED")));
    out.add(String.format("  jobs     %d (trials sharing a training run)", s.jobs()));
    out.add(
        String.format(
            "  epochs   %d planned instead of %d naive (%s saved)",
            s.epochsPlanned(), s.epochsNaive(), Format.saved(s.epochsNaive(), s.epochsPlanned())));
    if (s.progress() != null) {
      out.add(
          String.format(
              "  progress %d/%d epochs %s",
              s.progress().epochsDone(),
              s.progress().epochsPlanned(),
              Format.bar(s.progress().fraction(), 20)));
    }
    out.add("  created  " + s.createdAt());
    if (s.startedAt() != null) {
      out.add("  started  " + s.startedAt());
    }
    if (s.finishedAt() != null) {
      out.add("  finished " + s.finishedAt());
    }
    return out;
  }

  static List<String> list(List<ApiViews.Sweep> sweeps) {
    List<String> out = new ArrayList<>();
    out.add(
        String.format(
            "%-5s %-24s %-10s %9s %8s  %s", "id", "name", "status", "trials", "done", "created"));
    for (ApiViews.Sweep s : sweeps) {
      out.add(
          String.format(
              "%-5d %-24s %-10s %9d %7d%%  %s",
              s.id(),
              Format.fit(s.name(), 24),
              s.status(),
              s.trials(),
              s.progress() == null ? 0 : Math.round(s.progress().fraction() * 100),
              s.createdAt()));
    }
    return out;
  }

  private static Set<String> varyingKeys(List<ApiViews.LeaderboardEntry> rows) {
    Map<String, Set<String>> seen = new LinkedHashMap<>();
    for (ApiViews.LeaderboardEntry r : rows) {
      Format.params(r.params())
          .forEach((k, v) -> seen.computeIfAbsent(k, x -> new HashSet<>()).add(v));
    }
    Set<String> varying = new HashSet<>();
    seen.forEach(
        (k, values) -> {
          if (values.size() > 1) {
            varying.add(k);
          }
        });
    return varying;
  }
}
