package dev.sweep.api.report;

import dev.sweep.api.analysis.Metric;
import dev.sweep.api.analysis.SweepAnalysis;
import dev.sweep.api.analysis.SweepAnalysis.Cell;
import dev.sweep.api.analysis.SweepAnalysis.Interaction;
import dev.sweep.api.analysis.SweepAnalysis.ParameterAnalysis;
import dev.sweep.api.analysis.SweepAnalysis.ValueStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Turns the analysis into one plain paragraph per hyperparameter, with its numbers. */
final class ParameterSentences {
  private ParameterSentences() {}

  static void write(StringBuilder md, SweepAnalysis analysis, Metric metric) {
    int ranked = (int) analysis.parameters().stream().filter(p -> p.rank() != null).count();
    for (ParameterAnalysis p : analysis.parameters()) {
      md.append("- ").append(paragraph(p, ranked, metric, analysis.metric().goal())).append('\n');
    }
  }

  static String paragraph(ParameterAnalysis p, int ranked, Metric metric, String goal) {
    String name = "**" + p.name() + "**";
    if (p.equivalent()) {
      return name
          + ": "
          + String.join(" and ", p.equivalentGroups().get(0).stream().map(Fmt::code).toList())
          + " are equivalent here: they train identically, so the planner ran them once and"
          + " shared the result (folded). Their numbers are the same runs, not a finding.";
    }
    List<ValueStats> measured =
        new ArrayList<>(p.values().stream().filter(v -> v.mean() != null).toList());
    if (measured.isEmpty()) {
      return name + ": no finished trials yet.";
    }
    Comparator<ValueStats> byMean = Comparator.comparingDouble(ValueStats::mean);
    measured.sort(goal.equals("maximize") ? byMean.reversed() : byMean);
    ValueStats best = measured.get(0);
    StringBuilder s = new StringBuilder(name).append(": ");
    // a negligible effect is said first, so no one reads "worked best" into noise
    if (measured.size() == 1) {
      return s.append("only ")
          .append(Fmt.code(best.label()))
          .append(" has finished trials so far (mean ")
          .append(metric.label())
          .append(' ')
          .append(Fmt.metric(metric, best.mean()))
          .append(", n = ")
          .append(best.count())
          .append(").")
          .toString();
    }
    if (p.rank() != null && p.effectSize() < 0.01) {
      List<String> all = new ArrayList<>();
      for (ValueStats v : measured) {
        all.add(
            Fmt.metric(metric, v.mean())
                + " for "
                + Fmt.code(v.label())
                + " (n = "
                + v.count()
                + ")");
      }
      return s.append("made little difference (eta² ")
          .append(Fmt.fixed(p.effectSize(), 3))
          .append(", rank ")
          .append(p.rank())
          .append(" of ")
          .append(ranked)
          .append("): mean ")
          .append(metric.label())
          .append(' ')
          .append(String.join(", ", all))
          .append('.')
          .append(p.note() == null ? "" : " Note: " + p.note() + ".")
          .toString();
    }
    s.append(Fmt.code(best.label()))
        .append(" worked best: mean ")
        .append(metric.label())
        .append(' ')
        .append(Fmt.metric(metric, best.mean()))
        .append(" (best ")
        .append(Fmt.metric(metric, best.best()))
        .append(", n = ")
        .append(best.count())
        .append(") vs ");
    List<String> others = new ArrayList<>();
    for (ValueStats v : measured.subList(1, measured.size())) {
      others.add(
          Fmt.metric(metric, v.mean())
              + " for "
              + Fmt.code(v.label())
              + " (n = "
              + v.count()
              + ")");
    }
    s.append(String.join(", ", others)).append(". ");
    if (p.rank() != null) {
      s.append("It explains ")
          .append(Fmt.percent(p.effectSize()))
          .append(" of the variance in ")
          .append(metric.label())
          .append(" (eta² ")
          .append(Fmt.fixed(p.effectSize(), 2))
          .append(", rank ")
          .append(p.rank())
          .append(" of ")
          .append(ranked)
          .append("): ")
          .append(strength(p.effectSize()))
          .append('.');
    }
    if (p.note() != null) {
      s.append(" Note: ").append(p.note()).append('.');
    }
    return s.toString();
  }

  /** Cohen's rough bands for eta squared. */
  static String strength(double eta) {
    if (eta >= 0.14) {
      return "a large effect";
    }
    if (eta >= 0.06) {
      return "a medium effect";
    }
    if (eta >= 0.01) {
      return "a small effect";
    }
    return "it hardly mattered";
  }

  static void interaction(StringBuilder md, Interaction ix, Metric metric) {
    md.append("Mean ")
        .append(metric.label())
        .append(" by ")
        .append(Fmt.code(ix.rowParameter()))
        .append(" (rows) and ")
        .append(Fmt.code(ix.columnParameter()))
        .append(" (columns), the two parameters that matter most:\n\n");
    md.append("| ").append(ix.rowParameter()).append(" \\ ").append(ix.columnParameter());
    ix.columns().forEach(c -> md.append(" | ").append(Fmt.code(c)));
    md.append(" |\n|---");
    ix.columns().forEach(c -> md.append("|---:"));
    md.append("|\n");
    for (int i = 0; i < ix.rows().size(); i++) {
      md.append("| ").append(Fmt.code(ix.rows().get(i)));
      for (Cell cell : ix.cells().get(i)) {
        md.append(" | ")
            .append(cell.mean() == null ? "–" : Fmt.metric(metric, cell.mean()))
            .append(cell.count() > 0 ? " (n = " + cell.count() + ")" : "");
      }
      md.append(" |\n");
    }
    md.append('\n');
  }
}
