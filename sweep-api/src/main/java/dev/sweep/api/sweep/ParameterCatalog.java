package dev.sweep.api.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.api.web.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every name that may appear under {@code parameters} (and, for model fields, under {@code model}):
 * its type, allowed values and default. The order here is the order of normalised definitions and
 * trial params.
 */
public final class ParameterCatalog {
  public static final String MLP = "mlp";
  public static final String MIXER = "mixer";
  public static final Set<String> MODEL_TYPES = Set.of(MLP, MIXER);
  public static final int IMAGE_SIDE = 28;

  /** How a value is typed and checked. */
  public enum Kind {
    FLOAT,
    INT,
    CHOICE,
    BOOL,
    INT_LIST;

    boolean numeric() {
      return this == FLOAT || this == INT;
    }
  }

  /**
   * @param modelType null for a training parameter, else the model type the field belongs to
   * @param defaultValue null when the parameter has no default (momentum) or depends on the
   *     definition (seed)
   */
  public record Spec(
      String name,
      Kind kind,
      String modelType,
      Object defaultValue,
      List<String> choices,
      Map<String, String> aliases,
      Check check) {

    public boolean isModelField() {
      return modelType != null;
    }

    /** Types and checks one value; {@code path} names it in the error. */
    public Object coerce(JsonNode node, String path) {
      Object value =
          switch (kind) {
            case FLOAT -> Values.toDouble(node, path);
            case INT ->
                name.equals("seed")
                    ? (Object) Values.toLong(node, path)
                    : (Object) Values.toInt(node, path);
            case BOOL -> Values.toBoolean(node, path);
            case INT_LIST -> Values.toIntList(node, path);
            case CHOICE -> choice(node, path);
          };
      if (check != null) {
        String problem = check.problem(value);
        if (problem != null) {
          throw ApiException.badRequest(path, path + " " + problem);
        }
      }
      return value;
    }

    private String choice(JsonNode node, String path) {
      if (!node.isTextual()) {
        throw ApiException.badRequest(
            path, path + " must be a string, one of " + String.join(", ", choices));
      }
      String given = node.asText();
      String lower = given.toLowerCase(Locale.ROOT);
      String value = aliases.getOrDefault(lower, lower);
      if (!choices.contains(value)) {
        throw ApiException.badRequest(
            path,
            "unknown "
                + name
                + " '"
                + given
                + "' at "
                + path
                + "; use one of "
                + String.join(", ", choices));
      }
      return value;
    }
  }

  /** A range check on an already typed value; returns what is wrong, or null. */
  @FunctionalInterface
  public interface Check {
    String problem(Object value);
  }

  private static final Map<String, Spec> SPECS = new LinkedHashMap<>();

  static {
    add(new Spec("learning_rate", Kind.FLOAT, null, 0.001, null, null, positive()));
    add(
        choice(
            "optimizer", "adam", List.of("adam", "sgd", "adamw", "rmsprop", "nesterov"), Map.of()));
    add(new Spec("momentum", Kind.FLOAT, null, null, null, null, unitInterval()));
    add(
        choice(
            "loss",
            "cross_entropy",
            List.of("nll", "cross_entropy"),
            Map.of("nllloss", "nll", "crossentropyloss", "cross_entropy")));
    add(new Spec("batch_size", Kind.INT, null, 256, null, null, atLeast(1)));
    add(new Spec("epochs", Kind.INT, null, 10, null, null, atLeast(1)));
    add(
        choice(
            "activation",
            "relu",
            List.of("relu", "sigmoid", "tanh", "gelu", "leaky_relu", "elu"),
            Map.of()));
    add(new Spec("seed", Kind.INT, null, null, null, null, null));
    add(new Spec("hidden_layers", Kind.INT_LIST, MLP, List.of(256, 128), null, null, null));
    add(new Spec("patch_size", Kind.INT, MIXER, 7, null, null, dividesImage()));
    add(new Spec("hidden_dim", Kind.INT, MIXER, 128, null, null, atLeast(1)));
    add(new Spec("blocks", Kind.INT, MIXER, 2, null, null, atLeast(1)));
    add(new Spec("token_mlp_dim", Kind.INT, MIXER, 64, null, null, atLeast(1)));
    add(new Spec("channel_mlp_dim", Kind.INT, MIXER, 256, null, null, atLeast(1)));
    add(new Spec("skip", Kind.BOOL, MIXER, false, null, null, null));
    add(new Spec("layer_norm", Kind.BOOL, MIXER, false, null, null, null));
  }

  private ParameterCatalog() {}

  public static Spec get(String name) {
    return SPECS.get(name);
  }

  /** All specs in canonical order. */
  public static List<Spec> all() {
    return new ArrayList<>(SPECS.values());
  }

  /** The model fields of one model type, in canonical order. */
  public static List<Spec> modelFields(String type) {
    return SPECS.values().stream().filter(s -> type.equals(s.modelType())).toList();
  }

  private static void add(Spec spec) {
    SPECS.put(spec.name(), spec);
  }

  private static Spec choice(
      String name, String defaultValue, List<String> choices, Map<String, String> aliases) {
    return new Spec(name, Kind.CHOICE, null, defaultValue, choices, aliases, null);
  }

  private static Check positive() {
    return v -> ((Double) v) > 0 ? null : "must be greater than 0 (got " + v + ")";
  }

  private static Check unitInterval() {
    return v -> {
      double d = (Double) v;
      return d >= 0 && d < 1 ? null : "must be in [0, 1) (got " + v + ")";
    };
  }

  private static Check atLeast(long min) {
    return v ->
        ((Number) v).longValue() >= min ? null : "must be at least " + min + " (got " + v + ")";
  }

  private static Check dividesImage() {
    return v -> {
      int p = (Integer) v;
      return p >= 1 && IMAGE_SIDE % p == 0
          ? null
          : "must divide " + IMAGE_SIDE + " (1, 2, 4, 7, 14 or 28; got " + v + ")";
    };
  }
}
