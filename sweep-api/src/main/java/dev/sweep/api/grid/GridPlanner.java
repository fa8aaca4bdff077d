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
    return plan(definition, maxTrials, fusionMaxTrials, BayesSampler.DEFAULT_AHEAD);
  }

  /**
   * @param maxTrials larger grids are rejected before anything is expanded
   * @param fusionMaxTrials the most jobs in one fusion group; 1 trains every job alone
   * @param ahead for bayes: the trials created at submission (the rest are sampled from results)
   */
  public static Plan plan(
      SweepDefinition definition, int maxTrials, int fusionMaxTrials, int ahead) {
    String definitionHash = CanonicalJson.sha256(definition);
    List<Map<String, Object>> points =
        switch (definition.method()) {
          case "random" -> RandomSampler.sample(definition, maxTrials, seedOf(definitionHash));
          case "bayes" -> {
            checkRunCap(definition, maxTrials);
            TrialConfig configs = new TrialConfig(definition);
            Set<String> keys = new HashSet<>();
            yield new BayesSampler(definition, definitionHash)
                .propose(
                    List.of(),
                    Math.min(ahead, definition.runCap()),
                    p -> keys.add(trainingKey(configs, p)));
          }
          default -> grid(definition, maxTrials);
        };
    return build(definition, definitionHash, points, fusionMaxTrials);
  }

  /**
   * A bayes sweep's next trials, sampled from its {@code history} (creation order): a plan with
   * only the new trials, each in a job of its own and in no fusion group (group -1: stored NULL, so
   * a claim never fuses it with a queued job planned earlier under the same group index). A point
   * whose training key the sweep already has (in {@code trainingKeys}) is drawn again, so a small
   * space can give fewer than {@code count}.
   */
  public static Plan next(
      SweepDefinition definition,
      String definitionHash,
      List<BayesSampler.Observed> history,
      Set<String> trainingKeys,
      int count) {
    TrialConfig configs = new TrialConfig(definition);
    Set<String> taken = new HashSet<>(trainingKeys);
    List<Map<String, Object>> points =
        new BayesSampler(definition, definitionHash)
            .propose(history, count, p -> taken.add(trainingKey(configs, p)));
    return build(definition, definitionHash, points, 0);
  }

  private static String trainingKey(TrialConfig configs, Map<String, Object> point) {
    return configs.sha256(TrialConfig.folded(configs.full(point)));
  }

  private static void checkRunCap(SweepDefinition definition, int maxTrials) {
    if (definition.runCap() > maxTrials) {
      throw ApiException.badRequest(
          "run_cap",
          "run_cap "
              + definition.runCap()
              + " is more than the limit of "
              + maxTrials
              + " (sweep.max-trials)");
    }
  }

  /**
   * @param fusionMaxTrials 0: no fusion groups at all (every job's group is -1)
   */
  private static Plan build(
      SweepDefinition definition,
      String definitionHash,
      List<Map<String, Object>> points,
      int fusionMaxTrials) {
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
    FusionGroups.Grouped grouped =
        fusionMaxTrials == 0
            ? new FusionGroups.Grouped(List.copyOf(planned), List.of())
            : FusionGroups.form(planned, fusionMaxTrials);
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
