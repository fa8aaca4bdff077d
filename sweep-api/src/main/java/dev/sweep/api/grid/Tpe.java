package dev.sweep.api.grid;

import dev.sweep.contract.ConfigKeys;
import dev.sweep.contract.SweepDefinition;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Tree-structured Parzen Estimator of Bergstra et al. (2011), univariate. The observations are
 * split by their loss into the best {@code gamma} ("below") and the rest ("above"); each swept
 * parameter gets a density l(x) from the below values and g(x) from the above ones; {@link
 * #CANDIDATES} points drawn from l are scored by the sum over parameters of log l(x) - log g(x),
 * and the best is proposed.
 */
final class Tpe {
  /** Draws from l(x) per proposal; the best by l/g wins. */
  static final int CANDIDATES = 24;

  /** Sampled floats keep 6 significant digits, as random search's do. */
  private static final MathContext DIGITS = new MathContext(6);

  /** A point with the loss TPE minimises (the metric, negated when it is maximised). */
  record Observation(Map<String, Object> point, double loss) {}

  private final Map<String, SweepDefinition.Parameter> parameters;

  Tpe(Map<String, SweepDefinition.Parameter> parameters) {
    this.parameters = parameters;
  }

  /** The size of "below" for {@code n} observations: 10 %, at least 1, at most 25. */
  static int below(int n) {
    return Math.max(1, Math.min(25, (int) Math.ceil(0.1 * n)));
  }

  Map<String, Object> suggest(List<Observation> observations, SplittableRandom random) {
    List<Observation> sorted = new ArrayList<>(observations);
    sorted.sort(Comparator.comparingDouble(Observation::loss));
    int split = below(sorted.size());
    List<Observation> good = sorted.subList(0, split);
    List<Observation> bad = sorted.subList(split, sorted.size());
    List<Map<String, Object>> candidates = new ArrayList<>(CANDIDATES);
    double[] score = new double[CANDIDATES];
    for (int c = 0; c < CANDIDATES; c++) {
      candidates.add(new LinkedHashMap<>());
    }
    for (Map.Entry<String, SweepDefinition.Parameter> entry : parameters.entrySet()) {
      String name = entry.getKey();
      SweepDefinition.Parameter p = entry.getValue();
      if (p.isRange()) {
        numeric(name, p, good, bad, random, candidates, score);
      } else if (p.values() != null && GridPlanner.distinct(p.values()).size() > 1) {
        categorical(name, GridPlanner.distinct(p.values()), good, bad, random, candidates, score);
      } else {
        Object value = p.values() != null ? p.values().get(0) : p.value();
        candidates.forEach(point -> point.put(name, value));
      }
    }
    int best = 0;
    for (int c = 1; c < CANDIDATES; c++) {
      if (score[c] > score[best]) {
        best = c;
      }
    }
    return candidates.get(best);
  }

  private static void numeric(
      String name,
      SweepDefinition.Parameter p,
      List<Observation> good,
      List<Observation> bad,
      SplittableRandom random,
      List<Map<String, Object>> candidates,
      double[] score) {
    boolean log = "log_uniform".equals(p.distribution());
    double lo = scale(p.min().doubleValue(), log);
    double hi = scale(p.max().doubleValue(), log);
    ParzenEstimator l = new ParzenEstimator(values(name, good, log), lo, hi);
    ParzenEstimator g = new ParzenEstimator(values(name, bad, log), lo, hi);
    for (int c = 0; c < candidates.size(); c++) {
      Object value = typed(name, p, unscale(l.sample(random), log));
      double x = scale(((Number) value).doubleValue(), log);
      score[c] += l.logDensity(x) - g.logDensity(x);
      candidates.get(c).put(name, value);
    }
  }

  private static void categorical(
      String name,
      List<Object> choices,
      List<Observation> good,
      List<Observation> bad,
      SplittableRandom random,
      List<Map<String, Object>> candidates,
      double[] score) {
    double[] l = weights(name, choices, good);
    double[] g = weights(name, choices, bad);
    for (int c = 0; c < candidates.size(); c++) {
      double u = random.nextDouble();
      int k = 0;
      while (k < choices.size() - 1 && u >= l[k]) {
        u -= l[k];
        k++;
      }
      score[c] += Math.log(l[k]) - Math.log(g[k]);
      candidates.get(c).put(name, choices.get(k));
    }
  }

  /** Each choice's share of the observations, with a uniform prior worth one observation. */
  private static double[] weights(String name, List<Object> choices, List<Observation> obs) {
    Map<String, Integer> index = new HashMap<>();
    for (int k = 0; k < choices.size(); k++) {
      index.put(CanonicalJson.write(choices.get(k)), k);
    }
    double[] w = new double[choices.size()];
    java.util.Arrays.fill(w, 1.0 / choices.size());
    for (Observation o : obs) {
      Integer k = index.get(CanonicalJson.write(o.point().get(name)));
      if (k != null) {
        w[k] += 1;
      }
    }
    double total = obs.size() + 1.0;
    for (int k = 0; k < w.length; k++) {
      w[k] /= total;
    }
    return w;
  }

  private static double[] values(String name, List<Observation> obs, boolean log) {
    return obs.stream()
        .map(o -> o.point().get(name))
        .filter(v -> v instanceof Number)
        .mapToDouble(v -> scale(((Number) v).doubleValue(), log))
        .toArray();
  }

  private static double scale(double x, boolean log) {
    return log ? Math.log(x) : x;
  }

  private static double unscale(double x, boolean log) {
    return log ? Math.exp(x) : x;
  }

  /** Rounded and typed as random search's draws are: 6 digits for floats, integers rounded. */
  static Object typed(String name, SweepDefinition.Parameter p, double x) {
    double min = p.min().doubleValue();
    double max = p.max().doubleValue();
    ConfigKeys.Kind kind = ConfigKeys.get(name).kind();
    if (kind == ConfigKeys.Kind.FLOAT) {
      double rounded = new BigDecimal(x).round(DIGITS).doubleValue();
      return Math.min(max, Math.max(min, rounded));
    }
    long n = Math.min(p.max().longValue(), Math.max(p.min().longValue(), Math.round(x)));
    return kind == ConfigKeys.Kind.LONG ? (Object) n : (Object) Math.toIntExact(n);
  }
}
