package dev.sweep.api.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What {@code GET /api/sweeps/{id}/analysis} answers: per swept parameter, how the metric of the
 * finished trials depends on its value, and which parameters matter most.
 *
 * @param parameters ranked parameters first (rank 1 matters most), then fully folded ones
 * @param interaction mean metric over the two top-ranked parameters; null with fewer than two
 * @param trialsPruned trials that early termination stopped before their epoch count: they have no
 *     final metrics and are left out of every statistic (their values would be from fewer epochs)
 * @param best the best finished trial; null when none finished
 */
public record SweepAnalysis(
    long sweepId,
    MetricRef metric,
    int trialsTotal,
    int trialsFinished,
    int trialsPruned,
    Method method,
    List<ParameterAnalysis> parameters,
    Interaction interaction,
    Best best) {

  public record MetricRef(String name, String goal) {}

  /** Says in the answer itself what the numbers are. */
  public record Method(String effectSize, String effectSizeDescription, String statistics) {}

  /**
   * @param rank 1 for the parameter that explains most of the metric's variance; null when all its
   *     values are equivalent or nothing finished
   * @param effectSize eta squared, in [0, 1]
   * @param marginalMeanVariance population variance of the per-class means (the simpler measure)
   * @param meanSpread best class mean minus worst class mean, as an absolute difference
   * @param equivalent true when every value of the parameter trains identically (all folded)
   * @param equivalentGroups groups of values (labels) folded into the same training runs
   */
  public record ParameterAnalysis(
      String name,
      Integer rank,
      Double effectSize,
      Double marginalMeanVariance,
      Double meanSpread,
      JsonNode bestValue,
      String bestLabel,
      boolean equivalent,
      List<List<String>> equivalentGroups,
      List<ValueStats> values,
      String note) {}

  /**
   * @param std sample standard deviation (n-1); null below two trials
   * @param equivalentTo labels of the other values this one was folded with
   */
  public record ValueStats(
      JsonNode value,
      String label,
      int count,
      Double mean,
      Double best,
      Double std,
      List<String> equivalentTo) {}

  /** {@code cells[i][j]} is the mean metric of trials with row value i and column value j. */
  public record Interaction(
      String rowParameter,
      String columnParameter,
      List<String> rows,
      List<String> columns,
      List<List<Cell>> cells) {}

  public record Cell(int count, Double mean) {}

  public record Best(long trialId, double value, JsonNode params) {}
}
