package dev.sweep.api.grid;

import dev.sweep.api.web.ApiException;
import dev.sweep.contract.ConfigKeys;
import dev.sweep.contract.SweepDefinition;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Random search: {@code run_cap} distinct points, each parameter drawn from its values or its
 * min/max range. Seeded from the definition's hash, so resubmitting gives the same trials.
 */
final class RandomSampler {
  /** Sampled floats keep 6 significant digits, enough for any learning rate and readable. */
  private static final MathContext DIGITS = new MathContext(6);

  /** Draws per wanted trial before concluding the space is smaller than run_cap. */
  private static final int PATIENCE = 20;

  private RandomSampler() {}

  static List<Map<String, Object>> sample(SweepDefinition definition, int maxTrials, long seed) {
    int wanted = definition.runCap();
    if (wanted > maxTrials) {
      throw ApiException.badRequest(
          "run_cap",
          "run_cap " + wanted + " is more than the limit of " + maxTrials + " (sweep.max-trials)");
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<Map<String, Object>> points = new ArrayList<>(wanted);
    Set<String> seen = new HashSet<>();
    for (long draws = 0; points.size() < wanted && draws < (long) wanted * PATIENCE; draws++) {
      Map<String, Object> point = new LinkedHashMap<>();
      definition.parameters().forEach((name, p) -> point.put(name, draw(name, p, random)));
      if (seen.add(CanonicalJson.write(point))) {
        points.add(point);
      }
    }
    return points;
  }

  private static Object draw(String name, SweepDefinition.Parameter p, SplittableRandom random) {
    if (p.values() != null) {
      return p.values().get(random.nextInt(p.values().size()));
    }
    if (!p.isRange()) {
      return p.value();
    }
    boolean log = "log_uniform".equals(p.distribution());
    double min = p.min().doubleValue();
    double max = p.max().doubleValue();
    double u = random.nextDouble();
    double x =
        log ? Math.exp(Math.log(min) + (Math.log(max) - Math.log(min)) * u) : min + (max - min) * u;
    ConfigKeys.Kind kind = ConfigKeys.get(name).kind();
    if (kind == ConfigKeys.Kind.FLOAT) {
      double rounded = new BigDecimal(x).round(DIGITS).doubleValue();
      return Math.min(max, Math.max(min, rounded));
    }
    long lo = p.min().longValue();
    long hi = p.max().longValue();
    long n = log ? Math.round(x) : lo + random.nextLong(hi - lo + 1);
    n = Math.min(hi, Math.max(lo, n));
    return kind == ConfigKeys.Kind.LONG ? (Object) n : (Object) Math.toIntExact(n);
  }
}
