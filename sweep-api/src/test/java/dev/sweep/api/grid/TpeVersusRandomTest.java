package dev.sweep.api.grid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.contract.DatasetSpec;
import dev.sweep.contract.ModelSpec;
import dev.sweep.contract.SweepDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * TPE against random search on a cheap synthetic objective (no training): a smooth bowl over a
 * log-uniform learning rate and a uniform momentum, plus a penalty per categorical choice. Both get
 * the same budget under the same 20 seeds; the best loss found is compared seed by seed.
 */
class TpeVersusRandomTest {
  static final int BUDGET = 40;
  static final int SEEDS = 20;

  @Test
  void tpeFindsBetterConfigurationsThanRandomSearchInMostSeeds() {
    int tpeWins = 0;
    double tpeSum = 0;
    double randomSum = 0;
    for (int s = 1; s <= SEEDS; s++) {
      String hash = String.format("%016x", s * 0x9E3779B97F4A7C15L) + "0".repeat(48);
      double tpe = bestTpe(definition("bayes"), hash);
      double random = bestRandom(definition("random"), hash);
      tpeSum += tpe;
      randomSum += random;
      if (tpe < random) {
        tpeWins++;
      }
    }
    System.out.printf(
        "TPE vs random, %d trials each: TPE better in %d of %d seeds; mean best loss %.4f vs %.4f"
            + " (%.2fx lower)%n",
        BUDGET, tpeWins, SEEDS, tpeSum / SEEDS, randomSum / SEEDS, randomSum / tpeSum);
    assertThat(tpeWins).isGreaterThanOrEqualTo(14);
  }

  @Test
  void theSameHistoryGivesTheSameProposals() {
    SweepDefinition d = definition("bayes");
    List<BayesSampler.Observed> history = new ArrayList<>();
    List<Map<String, Object>> first = run(d, "ab".repeat(32), history);
    List<Map<String, Object>> again = run(d, "ab".repeat(32), new ArrayList<>());
    assertThat(again).isEqualTo(first);
  }

  @Test
  void pendingTrialsPushTheNextProposalElsewhere() {
    SweepDefinition d = definition("bayes");
    BayesSampler sampler = new BayesSampler(d, "cd".repeat(32));
    List<BayesSampler.Observed> history = new ArrayList<>();
    for (Map<String, Object> p : sampler.propose(history, BUDGET / 2, x -> true)) {
      history.add(new BayesSampler.Observed(p, -objective(p)));
    }
    // two workers ask at once: the second proposal must not repeat the first
    List<Map<String, Object>> two = sampler.propose(history, 2, x -> true);
    assertThat(two).hasSize(2);
    assertThat(two.get(0)).isNotEqualTo(two.get(1));
  }

  @Test
  void anExhaustedSpaceProposesFewer() {
    SweepDefinition d = definition("bayes");
    Map<String, SweepDefinition.Parameter> small = new LinkedHashMap<>(d.parameters());
    small.replaceAll((k, p) -> p.isRange() ? SweepDefinition.Parameter.of(p.min()) : p);
    small.put(
        "optimizer", new SweepDefinition.Parameter(List.of("adam", "sgd"), null, null, null, null));
    small.put("batch_size", SweepDefinition.Parameter.of(64));
    small.put("activation", SweepDefinition.Parameter.of("relu"));
    SweepDefinition two = withParameters(d, small);
    Set<String> seen = new HashSet<>();
    List<Map<String, Object>> out =
        new BayesSampler(two, "ef".repeat(32))
            .propose(List.of(), 5, p -> seen.add(CanonicalJson.write(p)));
    assertThat(out).hasSize(2);
  }

  private static List<Map<String, Object>> run(
      SweepDefinition d, String hash, List<BayesSampler.Observed> history) {
    BayesSampler sampler = new BayesSampler(d, hash);
    List<Map<String, Object>> proposed = new ArrayList<>();
    for (int i = 0; i < BUDGET; i++) {
      Map<String, Object> p = sampler.propose(history, 1, x -> true).get(0);
      proposed.add(p);
      // maximised metric: the negated loss
      history.add(new BayesSampler.Observed(p, -objective(p)));
    }
    return proposed;
  }

  private static double bestTpe(SweepDefinition d, String hash) {
    return run(d, hash, new ArrayList<>()).stream()
        .mapToDouble(TpeVersusRandomTest::objective)
        .min()
        .orElseThrow();
  }

  private static double bestRandom(SweepDefinition d, String hash) {
    long seed = Long.parseUnsignedLong(hash.substring(0, 16), 16);
    return RandomSampler.sample(d, 100_000, seed).stream()
        .mapToDouble(TpeVersusRandomTest::objective)
        .min()
        .orElseThrow();
  }

  /** Lowest (0) at learning_rate 0.003, momentum 0.9, adam, batch 128, tanh. */
  static double objective(Map<String, Object> p) {
    double lr = Math.log10(((Number) p.get("learning_rate")).doubleValue()) - Math.log10(0.003);
    double m = ((Number) p.get("momentum")).doubleValue() - 0.9;
    double loss = lr * lr + 4 * m * m;
    loss +=
        switch ((String) p.get("optimizer")) {
          case "adam" -> 0;
          case "rmsprop" -> 0.3;
          case "nesterov" -> 0.6;
          default -> 1.0;
        };
    loss +=
        Math.abs(Math.log(((Number) p.get("batch_size")).doubleValue() / 128) / Math.log(2)) * 0.2;
    loss += "tanh".equals(p.get("activation")) ? 0 : 0.25;
    return loss;
  }

  static SweepDefinition definition(String method) {
    Map<String, SweepDefinition.Parameter> params = new LinkedHashMap<>();
    params.put(
        "learning_rate", new SweepDefinition.Parameter(null, null, 1e-5, 1.0, "log_uniform"));
    params.put("optimizer", values("sgd", "adam", "rmsprop", "nesterov"));
    params.put("momentum", new SweepDefinition.Parameter(null, null, 0.0, 0.99, "uniform"));
    params.put("loss", SweepDefinition.Parameter.of("cross_entropy"));
    params.put("batch_size", values(32, 64, 128, 256, 512));
    params.put("epochs", SweepDefinition.Parameter.of(5));
    params.put("activation", values("relu", "sigmoid", "tanh", "elu"));
    params.put("seed", SweepDefinition.Parameter.of(42L));
    return new SweepDefinition(
        "synthetic",
        method,
        new SweepDefinition.Metric("val_accuracy", "maximize"),
        new DatasetSpec("fashion-mnist", 10000, null, 42),
        new ModelSpec("mlp", List.of(256, 128), null, null, null, null, null, null, null),
        params,
        BUDGET,
        null,
        null,
        null);
  }

  private static SweepDefinition withParameters(
      SweepDefinition d, Map<String, SweepDefinition.Parameter> params) {
    return new SweepDefinition(
        d.name(),
        d.method(),
        d.metric(),
        d.dataset(),
        d.model(),
        params,
        d.runCap(),
        d.earlyTerminate(),
        d.cache(),
        d.fusion());
  }

  private static SweepDefinition.Parameter values(Object... values) {
    return new SweepDefinition.Parameter(List.of(values), null, null, null, null);
  }
}
