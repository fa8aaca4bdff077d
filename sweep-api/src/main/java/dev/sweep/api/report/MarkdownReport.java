package dev.sweep.api.report;

import dev.sweep.api.analysis.Metric;
import dev.sweep.api.analysis.RankedRun;
import dev.sweep.api.analysis.SweepSummary;
import dev.sweep.api.analysis.TrialResult;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes a sweep's report as Markdown; the HTML report is rendered from this text. */
final class MarkdownReport {
  private MarkdownReport() {}

  static String write(ReportData d) {
    StringBuilder md = new StringBuilder();
    SweepSummary s = d.sweep();
    Metric metric = d.metric().metric();
    md.append("# Sweep report: ")
        .append(Fmt.text(s.name()))
        .append(" (#")
        .append(s.id())
        .append(")\n\n");
    OverviewSection.write(md, d);
    md.append("## What mattered\n\n");
    if (d.analysis().trialsFinished() == 0) {
      md.append("No trial has finished yet, so there is nothing to compare.\n\n");
    } else {
      md.append("Over ")
          .append(d.analysis().trialsFinished())
          .append(" finished trials, by ")
          .append(metric.label())
          .append(" (")
          .append(d.metric().goal())
          .append("). Effect size is eta², the share of the variance in ")
          .append(metric.label())
          .append(" explained by a parameter's mean per value.");
      if (d.analysis().trialsPruned() > 0) {
        md.append(" The ")
            .append(d.analysis().trialsPruned())
            .append(" PRUNED trials (stopped early by the sweep's early_terminate rule) are left")
            .append(" out: they have no value at their own epoch count.");
      }
      md.append("\n\n");
      ParameterSentences.write(md, d.analysis(), metric);
      md.append('\n');
      if (d.analysis().interaction() != null) {
        ParameterSentences.interaction(md, d.analysis().interaction(), metric);
      }
    }
    best(md, d);
    curves(md, d);
    compute(md, d);
    return md.toString();
  }

  private static void best(StringBuilder md, ReportData d) {
    md.append("## Best configuration\n\n");
    RankedRun best = d.best();
    if (best == null) {
      md.append("None yet: no trial has finished.\n\n");
      return;
    }
    TrialResult t = best.trial();
    Metric metric = d.metric().metric();
    md.append("Trial ")
        .append(t.id())
        .append(" has the best ")
        .append(metric.label())
        .append(", ")
        .append(Fmt.metric(metric, t.metric(metric)))
        .append(", with ")
        .append(
            params(t).entrySet().stream()
                .map(e -> Fmt.code(e.getKey() + " = " + e.getValue()))
                .collect(Collectors.joining(", ")))
        .append(
            best.foldedWith().isEmpty()
                ? ""
                : " (the same run as trial " + ids(best.foldedWith()) + ", folded)")
        .append(".\n\n");
    md.append("Final lines after epoch ")
        .append(t.epochs())
        .append(": training loss ")
        .append(Fmt.metric(Metric.TRAIN_LOSS, t.trainLoss()))
        .append(", train accuracy ")
        .append(Fmt.metric(Metric.TRAIN_ACCURACY, t.trainAccuracy()))
        .append(", test accuracy ")
        .append(
            t.testAccuracy() == null
                ? "not evaluated yet"
                : Fmt.metric(Metric.VAL_ACCURACY, t.testAccuracy())
                    + " (test set evaluated for this configuration)")
        .append(".\n\n");
    md.append("| split | loss | accuracy |\n|---|---:|---:|\n");
    row(md, "train", t.trainLoss(), t.trainAccuracy());
    if (validated(t)) {
      row(md, "validation", t.valLoss(), t.valAccuracy());
    }
    row(md, "test", t.testLoss(), t.testAccuracy());
    md.append('\n');
    if (!validated(t)) {
      md.append("No validation row: the sweep trains on all 60,000 training images")
          .append(" (`dataset.validation_size` 0), so no validation metric exists.\n\n");
    }
  }

  /** False for a trial trained without validation images (validation_size 0). */
  private static boolean validated(TrialResult t) {
    return t.valLoss() != null || t.valAccuracy() != null;
  }

  private static void row(StringBuilder md, String split, Double loss, Double accuracy) {
    md.append("| ")
        .append(split)
        .append(" | ")
        .append(Fmt.metric(Metric.VAL_LOSS, loss))
        .append(" | ")
        .append(Fmt.metric(Metric.VAL_ACCURACY, accuracy))
        .append(" |\n");
  }

  private static void curves(StringBuilder md, ReportData d) {
    if (d.best() == null) {
      return;
    }
    String base = d.baseUrl();
    long bestId = d.best().trial().id();
    Metric metric = d.metric().metric();
    md.append("## Curves\n\n");
    md.append("Loss and accuracy of the best trial:\n\n")
        .append("![Loss and accuracy of trial ")
        .append(bestId)
        .append("](")
        .append(base)
        .append("/api/trials/")
        .append(bestId)
        .append("/curves.png)\n\n");
    // the overlay shows val curves, or train curves when the runs had no validation images
    String set = validated(d.best().trial()) ? "Validation" : "Training";
    md.append(set)
        .append(" curves of the top ")
        .append(d.top().size())
        .append(":\n\n![")
        .append(set)
        .append(" curves of the top ")
        .append(d.top().size())
        .append(" trials](")
        .append(base)
        .append("/api/sweeps/")
        .append(d.sweep().id())
        .append("/curves.png?top=")
        .append(ReportService.TOP)
        .append(metricQuery(d))
        .append(")\n\n");
    md.append("| rank | trial | configuration | ")
        .append(metric.label())
        .append(" | test accuracy | curves |\n|---:|---:|---|---:|---:|---|\n");
    for (RankedRun r : d.top()) {
      TrialResult t = r.trial();
      md.append("| ")
          .append(r.rank())
          .append(" | ")
          .append(t.id())
          .append(r.foldedWith().isEmpty() ? "" : " (= " + ids(r.foldedWith()) + ")")
          .append(" | ")
          .append(
              params(t).entrySet().stream()
                  .map(e -> Fmt.code(e.getKey() + "=" + e.getValue()))
                  .collect(Collectors.joining(" ")))
          .append(" | ")
          .append(Fmt.metric(metric, t.metric(metric)))
          .append(" | ")
          .append(Fmt.metric(Metric.VAL_ACCURACY, t.testAccuracy()))
          .append(" | [png](")
          .append(base)
          .append("/api/trials/")
          .append(t.id())
          .append("/curves.png) [svg](")
          .append(base)
          .append("/api/trials/")
          .append(t.id())
          .append("/curves.svg) |\n");
    }
    md.append('\n');
  }

  private static String metricQuery(ReportData d) {
    return d.metric().metric().key().equals(d.sweep().metricName())
        ? ""
        : "&metric=" + d.metric().metric().key();
  }

  private static void compute(StringBuilder md, ReportData d) {
    ComputeSavings.Epochs e = d.compute();
    md.append("## Compute saved\n\n");
    md.append("Training every trial on its own would take ")
        .append(Fmt.count(e.naive()))
        .append(" epochs. Prefix sharing (trials that differ only in `epochs` continue one run)")
        .append(" brings that to ")
        .append(Fmt.count(e.prefixShared()))
        .append(", and folding equivalent values (such as `nll` = `cross_entropy`) to ")
        .append(Fmt.count(e.planned()))
        .append(" planned epochs: ")
        .append(Fmt.fixed(e.factor(), 1))
        .append("× less training, ")
        .append(Fmt.percent(e.savedFraction()))
        .append(" saved.");
    md.append(" So far ")
        .append(Fmt.count(e.trained()))
        .append(" epochs were trained, in ")
        .append(Fmt.duration(e.trainingSeconds()))
        .append(" of training time.\n");
  }

  private static Map<String, String> params(TrialResult t) {
    Map<String, String> out = new java.util.TreeMap<>();
    t.params().fields().forEachRemaining(e -> out.put(e.getKey(), Fmt.value(e.getValue())));
    return out;
  }

  private static String ids(List<Long> ids) {
    return ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }
}
