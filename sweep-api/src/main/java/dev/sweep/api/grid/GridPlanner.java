package dev.sweep.api.grid;

import dev.sweep.api.web.ApiException;
import dev.sweep.contract.SweepDefinition;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expands a validated definition into trials, groups them into jobs by training key, and explains
 * the folding. Pure and deterministic: the same definition always gives the same plan.
 */
public final class GridPlanner {
  private GridPlanner() {}

  /** A plan whose jobs each train alone (fusion groups of one). */
  public static Plan plan(SweepDefinition definition, int maxTrials) {
    return plan(definition, maxTrials, 1);
  }

  /**
   * @param maxTrials larger grids are rejected before anything is expanded
   * @param fusionMaxTrials the most jobs in one fusion group ({@code sweep.fusion.max-trials}); 1
   *     trains every job alone
   */
  public static Plan plan(SweepDefinition definition, int maxTrials, int fusionMaxTrials) {
    String definitionHash = CanonicalJson.sha256(definition);
    List<Map<String, Object>> points =
        definition.method().equals("random")
            ? RandomSampler.sample(definition, maxTrials, seedOf(definitionHash))
            : grid(definition, maxTrials);
    TrialConfig configs = new TrialConfig(definition);
    Folds folds = new Folds();
    Set<String> identities = new HashSet<>();
    Map<String, JobBuilder> jobs = new LinkedHashMap<>();
    List<Plan.Trial> trials = new ArrayList<>(points.size());
    long epochsNaive = 0;
    for (Map<String, Object> point : points) {
      Map<String, Object> full = configs.full(point);
      String identity = configs.sha256(full);
      if (!identities.add(identity)) {
        continue;
      }
      int epochs = (Integer) point.get("epochs");
      Plan.Trial trial = new Plan.Trial(identity, point, epochs);
      trials.add(trial);
      epochsNaive += epochs;
      folds.observe(point);
      Map<String, Object> folded = TrialConfig.folded(full);
      jobs.computeIfAbsent(configs.sha256(folded), key -> new JobBuilder(key, folded)).add(trial);
    }
    List<Plan.Job> planned = new ArrayList<>(jobs.size());
    long epochsPlanned = 0;
    for (JobBuilder job : jobs.values()) {
      Plan.Job built = job.build();
      planned.add(built);
      epochsPlanned += built.plannedEpochs();
    }
    FusionGroups.Grouped grouped = FusionGroups.form(planned, fusionMaxTrials);
    return new Plan(
        definitionHash,
        List.copyOf(trials),
        grouped.jobs(),
        epochsNaive,
        epochsPlanned,
        folds.explain(trials.size(), planned.size()),
        grouped.groups());
  }

  /** Every combination of the distinct values, first parameter varying slowest. */
  private static List<Map<String, Object>> grid(SweepDefinition definition, int maxTrials) {
    List<String> names = new ArrayList<>(definition.parameters().keySet());
    List<List<Object>> axes = new ArrayList<>();
    BigInteger count = BigInteger.ONE;
    for (String name : names) {
      SweepDefinition.Parameter p = definition.parameters().get(name);
      List<Object> values = distinct(p.values() != null ? p.values() : List.of(p.value()));
      axes.add(values);
      count = count.multiply(BigInteger.valueOf(values.size()));
    }
    if (count.compareTo(BigInteger.valueOf(maxTrials)) > 0) {
      throw ApiException.badRequest(
          "parameters",
          "parameters expand to "
              + count
              + " trials, more than the limit of "
              + maxTrials
              + " (sweep.max-trials); sweep fewer values");
    }
    int total = count.intValueExact();
    List<Map<String, Object>> points = new ArrayList<>(total);
    int[] digit = new int[axes.size()];
    for (int n = 0; n < total; n++) {
      Map<String, Object> point = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        point.put(names.get(i), axes.get(i).get(digit[i]));
      }
      points.add(point);
      for (int i = axes.size() - 1; i >= 0; i--) {
        if (++digit[i] < axes.get(i).size()) {
          break;
        }
        digit[i] = 0;
      }
    }
    return points;
  }

  /** Repeated values (0.01 and 0.010, NLLLoss and nll) would only repeat trials. */
  static List<Object> distinct(List<Object> values) {
    Map<String, Object> seen = new LinkedHashMap<>();
    for (Object value : values) {
      seen.putIfAbsent(CanonicalJson.write(value), value);
    }
    return new ArrayList<>(seen.values());
  }

  private static long seedOf(String hex) {
    return Long.parseUnsignedLong(hex.substring(0, 16), 16);
  }

  private static final class JobBuilder {
    private final String key;
    private final Map<String, Object> folded;
    private final List<Plan.Trial> trials = new ArrayList<>();
    private int plannedEpochs;

    JobBuilder(String key, Map<String, Object> folded) {
      this.key = key;
      this.folded = folded;
    }

    void add(Plan.Trial trial) {
      trials.add(trial);
      plannedEpochs = Math.max(plannedEpochs, trial.epochs());
    }

    Plan.Job build() {
      return new Plan.Job(
          key, TrialConfig.toTraining(folded), plannedEpochs, List.copyOf(trials), -1);
    }
  }
}
