package dev.sweep.api.pruning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweep.api.web.ApiException;
import dev.sweep.contract.EarlyTerminate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * A sweep's {@code early_terminate}, in W&B's format: which epochs are rungs, and whether a job's
 * value at a rung lets it go on. Parsing reports the first bad field as a 400 naming it ({@code
 * early_terminate.eta}).
 */
public sealed interface EarlyTermination {
  String FIELD = "early_terminate";

  /** The name stored with a decision: hyperband (asha is written as hyperband) or median. */
  String rule();

  /** True if a job that has just reported {@code epoch} is judged there. */
  boolean isRung(int epoch);

  /**
   * The verdict for a job whose value at a rung is {@code value}, given the values of the other
   * jobs that reached that rung before it.
   */
  Verdict judge(double value, List<Double> others, boolean maximize);

  /** The normalised form stored in the definition (defaults filled, asha written hyperband). */
  ObjectNode toJson();

  /** The same as the contract's record, the definition's {@code early_terminate}. */
  default EarlyTerminate toContract() {
    ObjectNode n = toJson();
    return new EarlyTerminate(
        n.path("type").asText(),
        n.has("min_iter") ? n.get("min_iter").intValue() : null,
        n.has("max_iter") ? n.get("max_iter").intValue() : null,
        n.has("s") ? n.get("s").intValue() : null,
        n.has("eta") ? n.get("eta").intValue() : null,
        n.has("warmup_epochs") ? n.get("warmup_epochs").intValue() : null,
        n.has("min_trials") ? n.get("min_trials").intValue() : null);
  }

  /**
   * The verdict at a rung.
   *
   * @param prune the job stops here
   * @param cutoff the value a job needed to go on (NaN when nothing was compared)
   * @param compared how many other jobs' values it was compared with
   */
  record Verdict(boolean prune, double cutoff, int compared) {}

  /**
   * Hyperband's rungs, judged asynchronously as ASHA does: at a rung a job goes on only if its
   * value is in the top 1/eta of the jobs that have reached the rung so far, itself included
   * (rounded up, so the first job at a rung always goes on).
   *
   * @param rungs the epochs at which jobs are judged, ascending
   */
  record Hyperband(int minIter, int eta, Integer maxIter, Integer s, List<Integer> rungs)
      implements EarlyTermination {
    /** Rungs at min_iter * eta^k up to this epoch: no sweep trains longer. */
    static final int MAX_RUNG = 100_000;

    static Hyperband fromMinIter(int minIter, int eta) {
      List<Integer> rungs = new ArrayList<>();
      for (long r = minIter; r <= MAX_RUNG; r *= eta) {
        rungs.add((int) r);
      }
      return new Hyperband(minIter, eta, null, null, List.copyOf(rungs));
    }

    /** W&B's other form: s rungs at max_iter / eta^k (k = 1..s), rounded down, 1 or more. */
    static Hyperband fromMaxIter(int maxIter, int s, int eta) {
      TreeSet<Integer> rungs = new TreeSet<>();
      double band = maxIter;
      for (int k = 0; k < s; k++) {
        band /= eta;
        if (band < 1) {
          break;
        }
        rungs.add((int) Math.floor(band));
      }
      return new Hyperband(
          rungs.isEmpty() ? 1 : rungs.first(), eta, maxIter, s, List.copyOf(rungs));
    }

    @Override
    public String rule() {
      return "hyperband";
    }

    @Override
    public boolean isRung(int epoch) {
      return rungs.contains(epoch);
    }

    @Override
    public Verdict judge(double value, List<Double> others, boolean maximize) {
      List<Double> all = new ArrayList<>(others);
      all.add(value);
      all.sort(maximize ? (a, b) -> Double.compare(b, a) : Double::compare);
      int keep = (all.size() + eta - 1) / eta;
      double cutoff = all.get(keep - 1);
      boolean goesOn = maximize ? value >= cutoff : value <= cutoff;
      return new Verdict(!goesOn, cutoff, others.size());
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode n = JsonNodeFactory.instance.objectNode().put("type", "hyperband");
      if (maxIter != null) {
        n.put("max_iter", maxIter).put("s", s);
      } else {
        n.put("min_iter", minIter);
      }
      return n.put("eta", eta);
    }
  }

  /**
   * Optuna's MedianPruner: from epoch warmup_epochs + 1 on, every epoch is a rung, and a job stops
   * if its value is worse than the median of the other jobs' values at that epoch, once at least
   * min_trials others have reached it.
   */
  record Median(int warmupEpochs, int minTrials) implements EarlyTermination {
    @Override
    public String rule() {
      return "median";
    }

    @Override
    public boolean isRung(int epoch) {
      return epoch > warmupEpochs;
    }

    @Override
    public Verdict judge(double value, List<Double> others, boolean maximize) {
      if (others.isEmpty() || others.size() < minTrials) {
        return new Verdict(false, Double.NaN, others.size());
      }
      List<Double> sorted = new ArrayList<>(others);
      sorted.sort(Double::compare);
      int n = sorted.size();
      double median =
          n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
      boolean worse = maximize ? value < median : value > median;
      return new Verdict(worse, median, n);
    }

    @Override
    public ObjectNode toJson() {
      return JsonNodeFactory.instance
          .objectNode()
          .put("type", "median")
          .put("warmup_epochs", warmupEpochs)
          .put("min_trials", minTrials);
    }
  }

  /**
   * Reads {@code early_terminate} from a definition (or its stored, normalised form); null when it
   * is absent or null.
   */
  static EarlyTermination parse(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (!node.isObject()) {
      throw ApiException.badRequest(
          FIELD,
          FIELD
              + " must be a mapping such as {type: hyperband, min_iter: 3, eta: 3} or"
              + " {type: median, warmup_epochs: 5, min_trials: 5}");
    }
    JsonNode type = node.get("type");
    if (type == null || !type.isTextual()) {
      throw ApiException.badRequest(
          FIELD + ".type", FIELD + ".type is required: hyperband, asha or median");
    }
    return switch (type.asText()) {
      case "hyperband", "asha" -> hyperband(node);
      case "median" -> median(node);
      default ->
          throw ApiException.badRequest(
              FIELD + ".type",
              "unknown "
                  + FIELD
                  + ".type '"
                  + type.asText()
                  + "'; use hyperband (asha is the same) or median");
    };
  }

  private static Hyperband hyperband(JsonNode node) {
    onlyKeys(node, List.of("type", "min_iter", "max_iter", "s", "eta"));
    int eta = present(node, "eta") ? integer(node, "eta", 2) : 3;
    boolean min = present(node, "min_iter");
    boolean max = present(node, "max_iter") || present(node, "s");
    if (min && max) {
      throw ApiException.badRequest(
          FIELD + ".min_iter",
          "give either min_iter, or max_iter with s (W&B's two forms), not both");
    }
    if (max) {
      if (!present(node, "max_iter") || !present(node, "s")) {
        throw ApiException.badRequest(
            FIELD + (present(node, "s") ? ".max_iter" : ".s"), "max_iter and s go together");
      }
      int maxIter = integer(node, "max_iter", 1);
      int s = integer(node, "s", 1);
      if (maxIter < eta) {
        throw ApiException.badRequest(
            FIELD + ".max_iter",
            FIELD
                + ".max_iter must be at least eta ("
                + eta
                + ") so that a rung falls at epoch 1 or later");
      }
      return Hyperband.fromMaxIter(maxIter, s, eta);
    }
    if (!min) {
      throw ApiException.badRequest(
          FIELD + ".min_iter", "hyperband needs min_iter (the first rung), or max_iter with s");
    }
    return Hyperband.fromMinIter(integer(node, "min_iter", 1), eta);
  }

  private static Median median(JsonNode node) {
    onlyKeys(node, List.of("type", "warmup_epochs", "min_trials"));
    int warmup = present(node, "warmup_epochs") ? integer(node, "warmup_epochs", 0) : 0;
    int minTrials = present(node, "min_trials") ? integer(node, "min_trials", 1) : 5;
    return new Median(warmup, minTrials);
  }

  private static void onlyKeys(JsonNode node, List<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw ApiException.badRequest(
            FIELD + "." + key,
            "unknown key '"
                + key
                + "' in "
                + FIELD
                + " of type "
                + node.get("type").asText()
                + "; allowed keys are "
                + String.join(", ", allowed));
      }
    }
  }

  private static boolean present(JsonNode node, String key) {
    JsonNode v = node.get(key);
    return v != null && !v.isNull();
  }

  private static int integer(JsonNode node, String key, int least) {
    JsonNode v = node.get(key);
    String field = FIELD + "." + key;
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw ApiException.badRequest(field, field + " must be a whole number (got " + v + ")");
    }
    int i = v.intValue();
    if (i < least) {
      throw ApiException.badRequest(
          field, field + " must be at least " + least + " (got " + i + ")" + why(key));
    }
    return i;
  }

  private static String why(String key) {
    return switch (key) {
      case "eta" -> ": each rung keeps the top 1/eta of its jobs";
      case "min_iter" -> ": the first rung is at epoch min_iter";
      default -> "";
    };
  }
}
