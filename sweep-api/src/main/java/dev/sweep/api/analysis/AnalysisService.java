package dev.sweep.api.analysis;

import dev.sweep.api.analysis.SweepAnalysis.Best;
import dev.sweep.api.analysis.SweepAnalysis.Cell;
import dev.sweep.api.analysis.SweepAnalysis.Interaction;
import dev.sweep.api.analysis.SweepAnalysis.Method;
import dev.sweep.api.analysis.SweepAnalysis.MetricRef;
import dev.sweep.api.analysis.SweepAnalysis.ParameterAnalysis;
import dev.sweep.api.job.TrialStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Builds a sweep's analysis from its trials as they are now; nothing is cached. */
@Service
public class AnalysisService {
  static final Method METHOD =
      new Method(
          "eta_squared",
          "fraction of the variance of the metric over finished trials explained by the"
              + " parameter's marginal means (between-group / total sum of squares); values folded"
              + " as equivalent count as one group",
          "per value: count, mean, best and sample standard deviation (n-1) of the metric over"
              + " finished trials with that value");

  private final SweepResults results;

  AnalysisService(SweepResults results) {
    this.results = results;
  }

  public SweepAnalysis analyse(long sweepId, String metricOverride) {
    SweepSummary sweep = results.sweep(sweepId);
    MetricChoice choice = MetricChoice.resolve(sweep, metricOverride);
    List<TrialResult> trials = results.trials(sweepId);
    return analyse(sweep, choice, trials);
  }

  static SweepAnalysis analyse(SweepSummary sweep, MetricChoice choice, List<TrialResult> trials) {
    List<TrialResult> finished = trials.stream().filter(t -> t.finished(choice.metric())).toList();
    Map<String, List<ParamValue>> swept = SweptParameters.of(sweep.definition(), trials);
    Equivalences equivalences = Equivalences.find(trials, swept.keySet());

    List<ParameterAnalysis> unranked = new ArrayList<>();
    swept.forEach(
        (name, values) ->
            unranked.add(MarginalAnalysis.of(name, values, equivalences, finished, choice)));
    List<ParameterAnalysis> ranked =
        unranked.stream()
            .filter(p -> p.effectSize() != null)
            .sorted(
                Comparator.comparingDouble(ParameterAnalysis::effectSize)
                    .reversed()
                    .thenComparing(ParameterAnalysis::name))
            .toList();
    List<ParameterAnalysis> parameters = new ArrayList<>();
    for (int i = 0; i < ranked.size(); i++) {
      parameters.add(withRank(ranked.get(i), i + 1));
    }
    unranked.stream().filter(p -> p.effectSize() == null).forEach(parameters::add);

    Interaction interaction =
        ranked.size() < 2
            ? null
            : interaction(ranked.get(0).name(), ranked.get(1).name(), swept, finished, choice);
    Best best =
        finished.stream()
            .reduce(
                (a, b) ->
                    choice.better(b.metric(choice.metric()), a.metric(choice.metric())) ? b : a)
            .map(t -> new Best(t.id(), t.metric(choice.metric()), t.params()))
            .orElse(null);
    return new SweepAnalysis(
        sweep.id(),
        new MetricRef(choice.metric().key(), choice.goal()),
        trials.size(),
        finished.size(),
        (int) trials.stream().filter(t -> t.status().equals(TrialStatus.PRUNED.name())).count(),
        METHOD,
        parameters,
        interaction,
        best);
  }

  private static ParameterAnalysis withRank(ParameterAnalysis p, int rank) {
    return new ParameterAnalysis(
        p.name(),
        rank,
        p.effectSize(),
        p.marginalMeanVariance(),
        p.meanSpread(),
        p.bestValue(),
        p.bestLabel(),
        p.equivalent(),
        p.equivalentGroups(),
        p.values(),
        p.note());
  }

  private static Interaction interaction(
      String rowName,
      String columnName,
      Map<String, List<ParamValue>> swept,
      List<TrialResult> finished,
      MetricChoice choice) {
    List<ParamValue> rows = swept.get(rowName);
    List<ParamValue> columns = swept.get(columnName);
    List<List<Cell>> cells = new ArrayList<>();
    for (ParamValue r : rows) {
      List<Cell> line = new ArrayList<>();
      for (ParamValue c : columns) {
        List<Double> xs =
            finished.stream()
                .filter(t -> matches(t, rowName, r) && matches(t, columnName, c))
                .map(t -> t.metric(choice.metric()))
                .toList();
        line.add(new Cell(xs.size(), MarginalAnalysis.mean(xs)));
      }
      cells.add(line);
    }
    return new Interaction(
        rowName,
        columnName,
        rows.stream().map(ParamValue::label).toList(),
        columns.stream().map(ParamValue::label).toList(),
        cells);
  }

  private static boolean matches(TrialResult t, String name, ParamValue value) {
    var v = t.params().get(name);
    return v != null && ParamValue.keyOf(v).equals(value.key());
  }
}
