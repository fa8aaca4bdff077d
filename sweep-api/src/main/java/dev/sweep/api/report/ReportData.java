package dev.sweep.api.report;

import dev.sweep.api.analysis.MetricChoice;
import dev.sweep.api.analysis.RankedRun;
import dev.sweep.api.analysis.SweepAnalysis;
import dev.sweep.api.analysis.SweepSummary;
import java.util.List;
import java.util.Map;

/**
 * Everything a report says, gathered in one read.
 *
 * @param trialCounts trials per status
 * @param top the best distinct training runs, best first, each with the trial ids folded into it
 * @param baseUrl absolute root for image links, so a saved Markdown file still shows them
 */
record ReportData(
    SweepSummary sweep,
    MetricChoice metric,
    Map<String, Integer> trialCounts,
    int jobCount,
    SweepAnalysis analysis,
    List<RankedRun> top,
    ComputeSavings.Epochs compute,
    String baseUrl) {

  RankedRun best() {
    return top.isEmpty() ? null : top.get(0);
  }
}
