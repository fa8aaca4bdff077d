package dev.sweep.api.grid;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Collects, while trials are planned, which values were merged into shared jobs and why. */
final class Folds {
  private final Set<Object> losses = new LinkedHashSet<>();
  private final Set<Object> unusedMomentum = new LinkedHashSet<>();
  private final Set<String> momentumOptimizers = new TreeSet<>();
  private final TreeSet<Integer> epochs = new TreeSet<>();

  void observe(Map<String, Object> point) {
    losses.add(point.get("loss"));
    Object momentum = point.get("momentum");
    Object optimizer = point.get("optimizer");
    if (momentum != null && TrialConfig.NO_MOMENTUM.contains(optimizer)) {
      unusedMomentum.add(momentum);
      momentumOptimizers.add((String) optimizer);
    }
    // a schedule that depends on the total (cosine) keeps epochs in the job: nothing folded there
    if (!TrialConfig.scheduleDependsOnEpochs(point.get("lr_schedule"))) {
      epochs.add((Integer) point.get("epochs"));
    }
  }

  List<Plan.Fold> explain(int trials, int jobs) {
    List<Plan.Fold> folds = new ArrayList<>();
    if (losses.contains("nll")) {
      folds.add(
          new Plan.Fold(
              "loss",
              List.copyOf(losses),
              "cross_entropy",
              "nll and cross_entropy over a softmax output train bit-identically in DL4J"
                  + " (measured), so their trials share one job"));
    }
    if (!unusedMomentum.isEmpty()) {
      List<Object> values = new ArrayList<>(unusedMomentum);
      folds.add(
          new Plan.Fold(
              "momentum",
              values,
              null,
              String.join(" and ", momentumOptimizers)
                  + " have no momentum term, so with them trials that differ only in momentum"
                  + " train identically and share one job"));
    }
    if (epochs.size() > 1 && jobs < trials) {
      folds.add(
          new Plan.Fold(
              "epochs",
              List.copyOf(epochs),
              epochs.last(),
              "trials that differ only in epochs share one job trained to the largest count;"
                  + " each trial's result is read at its own final epoch"));
    }
    return List.copyOf(folds);
  }
}
