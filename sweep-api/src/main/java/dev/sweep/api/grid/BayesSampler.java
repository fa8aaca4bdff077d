package dev.sweep.api.grid;

import dev.sweep.contract.SweepDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * {@code method: bayes}: proposes a sweep's next trials with TPE ({@link Tpe}) from the trials it
 * has so far, in creation order. Reproducible: a proposal depends only on the definition, that
 * history and its own index (the random stream is seeded from both), so the same order of
 * completions gives the same trials.
 *
 * <p>The first {@link #startup} proposals are random draws, as {@code method: random} makes them.
 * Trials still running are told apart from finished ones by a null value; TPE counts them at the
 * worst value finished so far (the constant liar), so workers asking at once get different points.
 */
public final class BayesSampler {
  /** Unfinished trials kept ahead of the workers when the settings do not say otherwise. */
  public static final int DEFAULT_AHEAD = 2;

  /** Draws per wanted trial before concluding the space has no new point left. */
  private static final int PATIENCE = 20;

  /**
   * One trial of the sweep so far.
   *
   * @param params its swept and fixed parameters as stored
   * @param value the sweep's metric at its final epoch; null while it has not finished
   */
  public record Observed(Map<String, Object> params, Double value) {}

  private final SweepDefinition definition;
  private final long seed;
  private final boolean maximize;

  public BayesSampler(SweepDefinition definition, String definitionHash) {
    this.definition = definition;
    this.seed = Long.parseUnsignedLong(definitionHash.substring(0, 16), 16);
    this.maximize = "maximize".equals(definition.metric().goal());
  }

  /** Random proposals before TPE takes over: 10, or a third of run_cap if that is fewer. */
  public static int startup(int runCap) {
    return Math.max(2, Math.min(10, (runCap + 2) / 3));
  }

  /**
   * Up to {@code count} new points; fewer when {@code accept} refuses every draw (the space is used
   * up). Each accepted point joins the history as running before the next is proposed.
   */
  public List<Map<String, Object>> propose(
      List<Observed> history, int count, Predicate<Map<String, Object>> accept) {
    List<Observed> all = new ArrayList<>(history);
    List<Map<String, Object>> out = new ArrayList<>(count);
    Tpe tpe = new Tpe(definition.parameters());
    int startup = startup(definition.runCap());
    for (int i = 0; i < count; i++) {
      SplittableRandom random =
          new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (all.size() + 1)));
      List<Tpe.Observation> observations = observations(all);
      long finished = all.stream().filter(o -> o.value() != null).count();
      Map<String, Object> point = null;
      for (int draw = 0; draw < PATIENCE && point == null; draw++) {
        Map<String, Object> candidate =
            finished < startup ? randomPoint(random) : tpe.suggest(observations, random);
        if (accept.test(candidate)) {
          point = candidate;
        }
      }
      if (point == null) {
        return out;
      }
      out.add(point);
      all.add(new Observed(point, null));
    }
    return out;
  }

  /** Finished trials at their loss; running ones at the worst finished loss (constant liar). */
  private List<Tpe.Observation> observations(List<Observed> all) {
    double worst = Double.NEGATIVE_INFINITY;
    for (Observed o : all) {
      if (o.value() != null) {
        worst = Math.max(worst, loss(o.value()));
      }
    }
    List<Tpe.Observation> out = new ArrayList<>(all.size());
    for (Observed o : all) {
      if (o.value() != null) {
        out.add(new Tpe.Observation(o.params(), loss(o.value())));
      } else if (worst > Double.NEGATIVE_INFINITY) {
        out.add(new Tpe.Observation(o.params(), worst));
      }
    }
    return out;
  }

  private double loss(double value) {
    return maximize ? -value : value;
  }

  private Map<String, Object> randomPoint(SplittableRandom random) {
    Map<String, Object> point = new LinkedHashMap<>();
    definition
        .parameters()
        .forEach((name, p) -> point.put(name, RandomSampler.draw(name, p, random)));
    return point;
  }
}
