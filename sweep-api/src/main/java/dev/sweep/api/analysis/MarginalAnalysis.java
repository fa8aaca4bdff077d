package dev.sweep.api.analysis;

import dev.sweep.api.analysis.SweepAnalysis.ParameterAnalysis;
import dev.sweep.api.analysis.SweepAnalysis.ValueStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Marginal statistics of one swept parameter over the finished trials. Effect size is eta squared,
 * the share of the metric's total sum of squares explained by the parameter's class means (values
 * folded together form one class, so a fully folded parameter explains nothing by construction).
 */
final class MarginalAnalysis {
  private MarginalAnalysis() {}

  static ParameterAnalysis of(
      String name,
      List<ParamValue> values,
      Equivalences equivalences,
      List<TrialResult> finished,
      MetricChoice choice) {
    Map<String, List<Double>> byValue = new LinkedHashMap<>();
    values.forEach(v -> byValue.put(v.key(), new ArrayList<>()));
    for (TrialResult t : finished) {
      var v = t.params().get(name);
      if (v != null && byValue.containsKey(ParamValue.keyOf(v))) {
        byValue.get(ParamValue.keyOf(v)).add(t.metric(choice.metric()));
      }
    }
    Map<String, List<ParamValue>> classes = new LinkedHashMap<>();
    for (ParamValue v : values) {
      classes.computeIfAbsent(equivalences.classOf(name, v.key()), k -> new ArrayList<>()).add(v);
    }
    List<ValueStats> stats = new ArrayList<>();
    for (ParamValue v : values) {
      List<Double> xs = byValue.get(v.key());
      List<String> peers =
          classes.get(equivalences.classOf(name, v.key())).stream()
              .filter(p -> !p.key().equals(v.key()))
              .map(ParamValue::label)
              .toList();
      stats.add(
          new ValueStats(
              v.value(), v.label(), xs.size(), mean(xs), best(xs, choice), std(xs), peers));
    }
    List<List<String>> groups =
        classes.values().stream()
            .filter(c -> c.size() > 1)
            .map(c -> c.stream().map(ParamValue::label).toList())
            .toList();
    boolean equivalent = classes.size() == 1;

    List<List<Double>> classSamples =
        classes.values().stream()
            .map(c -> c.stream().flatMap(v -> byValue.get(v.key()).stream()).toList())
            .filter(xs -> !xs.isEmpty())
            .toList();
    Double eta = equivalent ? null : etaSquared(classSamples);
    List<Double> classMeans = classSamples.stream().map(MarginalAnalysis::mean).toList();
    Double spread =
        classMeans.size() < 2
            ? null
            : classMeans.stream().mapToDouble(d -> d).max().orElseThrow()
                - classMeans.stream().mapToDouble(d -> d).min().orElseThrow();

    ValueStats bestStats =
        equivalent
            ? null
            : stats.stream().filter(s -> s.mean() != null).min(bestFirst(choice)).orElse(null);
    return new ParameterAnalysis(
        name,
        null,
        eta,
        classMeans.size() < 2 ? null : populationVariance(classMeans),
        spread,
        bestStats == null ? null : bestStats.value(),
        bestStats == null ? null : bestStats.label(),
        equivalent,
        groups,
        stats,
        note(groups, equivalent));
  }

  private static String note(List<List<String>> groups, boolean equivalent) {
    if (groups.isEmpty()) {
      return null;
    }
    String listed =
        groups.stream().map(g -> String.join(" = ", g)).collect(Collectors.joining("; "));
    return equivalent
        ? listed
            + ": equivalent values, trained once and shared (folded), so their results are"
            + " identical by construction and not a finding"
        : listed + ": equivalent values, folded into the same training runs";
  }

  static Comparator<ValueStats> bestFirst(MetricChoice choice) {
    Comparator<ValueStats> byMean = Comparator.comparingDouble(ValueStats::mean);
    return choice.maximize() ? byMean.reversed() : byMean;
  }

  /** Between-class sum of squares over total sum of squares; null when the metric never varied. */
  static Double etaSquared(List<List<Double>> classes) {
    if (classes.size() < 2) {
      return null;
    }
    List<Double> all = classes.stream().flatMap(List::stream).toList();
    double grand = mean(all);
    double total = all.stream().mapToDouble(x -> (x - grand) * (x - grand)).sum();
    if (total <= 0) {
      return null;
    }
    double between =
        classes.stream().mapToDouble(c -> c.size() * Math.pow(mean(c) - grand, 2)).sum();
    return Math.min(1.0, between / total);
  }

  static Double mean(List<Double> xs) {
    return xs.isEmpty() ? null : xs.stream().mapToDouble(d -> d).sum() / xs.size();
  }

  static Double std(List<Double> xs) {
    if (xs.size() < 2) {
      return null;
    }
    double m = mean(xs);
    double ss = xs.stream().mapToDouble(x -> (x - m) * (x - m)).sum();
    return Math.sqrt(ss / (xs.size() - 1));
  }

  private static Double best(List<Double> xs, MetricChoice choice) {
    return xs.stream().reduce((a, b) -> choice.better(b, a) ? b : a).orElse(null);
  }

  private static double populationVariance(List<Double> xs) {
    double m = mean(xs);
    return xs.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / xs.size();
  }
}
