package dev.sweep.api.support;

import dev.sweep.api.support.ResultsFixture.Point;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small finished sweep with believable curves: optimizer {adam, sgd} x learning_rate {0.01,
 * 0.001} x loss {nll, cross_entropy} x epochs {5, 10} = 16 trials served by 4 ten-epoch jobs (loss
 * folded, epochs as prefixes): 120 naive epochs, 40 planned. Adam with 0.001 is best.
 */
public record DemoSweep(long sweepId, List<Long> jobIds, List<Long> trialIds, long bestTrialId) {

  /** Final val accuracy each configuration approaches. */
  static double ceiling(String optimizer, double lr) {
    if (optimizer.equals("adam")) {
      return lr == 0.001 ? 0.89 : 0.86;
    }
    return lr == 0.001 ? 0.78 : 0.84;
  }

  public static DemoSweep insert(ResultsFixture fx) {
    long sweep =
        fx.sweep("demo-grid")
            .values("optimizer", "adam", "sgd")
            .values("learning_rate", 0.01, 0.001)
            .values("loss", "nll", "cross_entropy")
            .values("epochs", 5, 10)
            .value("batch_size", 256)
            .counts(16, 4, 120, 40)
            .insert();
    List<Long> jobs = new ArrayList<>();
    List<Long> trials = new ArrayList<>();
    long best = -1;
    for (String optimizer : new String[] {"adam", "sgd"}) {
      for (double lr : new double[] {0.01, 0.001}) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("optimizer", optimizer);
        config.put("learning_rate", lr);
        config.put("loss", "cross_entropy");
        config.put("batch_size", 256);
        long job = fx.job(sweep, config, 10, "SUCCEEDED");
        jobs.add(job);
        double top = ceiling(optimizer, lr);
        fx.epochs(
            job,
            10,
            e -> {
              double val = top - (top - 0.55) * Math.exp(-e / 2.5);
              double train = Math.min(0.99, val + 0.004 * e);
              return new Point(1.6 * (1 - train) + 0.05, train, 1.6 * (1 - val) + 0.08, val);
            });
        for (String loss : new String[] {"nll", "cross_entropy"}) {
          for (int epochs : new int[] {5, 10}) {
            Map<String, Object> params = new LinkedHashMap<>(config);
            params.put("loss", loss);
            long trial = fx.trial(sweep, job, params, epochs, "SUCCEEDED");
            fx.testMetrics(trial, 1.6 * (1 - top) + 0.1, top - 0.01 + epochs * 0.0005);
            trials.add(trial);
            if (optimizer.equals("adam") && lr == 0.001 && epochs == 10 && best < 0) {
              best = trial;
            }
          }
        }
      }
    }
    return new DemoSweep(sweep, jobs, trials, best);
  }
}
