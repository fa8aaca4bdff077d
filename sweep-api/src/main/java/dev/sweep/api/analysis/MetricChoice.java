package dev.sweep.api.analysis;

/**
 * The metric results are ranked by and its direction: the sweep's own, or an override, which takes
 * the sweep's goal when it names the same metric and the metric's natural goal otherwise.
 */
public record MetricChoice(Metric metric, String goal) {

  public static MetricChoice resolve(SweepSummary sweep, String override) {
    if (override == null || override.isBlank() || override.equals(sweep.metricName())) {
      return new MetricChoice(Metric.of(sweep.metricName()), sweep.metricGoal());
    }
    Metric metric = Metric.of(override);
    return new MetricChoice(metric, metric.naturalGoal());
  }

  public boolean maximize() {
    return goal.equals("maximize");
  }

  /** True when {@code a} is strictly better than {@code b}. */
  public boolean better(double a, double b) {
    return maximize() ? a > b : a < b;
  }

  /** SQL ordering, best first, for the metric's column. */
  public String orderBy() {
    return metric.key() + (maximize() ? " DESC" : " ASC") + ", id ASC";
  }
}
