package dev.sweep.api.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.api.pruning.EarlyTermination;
import dev.sweep.api.web.ApiException;
import dev.sweep.contract.ConfigKeys;
import dev.sweep.contract.ConfigValidator;
import dev.sweep.contract.DatasetSpec;
import dev.sweep.contract.Normalize;
import dev.sweep.contract.SweepDefinition;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a definition tree and fills its defaults. The first problem found, in document order, is
 * reported with the path of the offending field.
 */
final class DefinitionValidator {
  /** The top-level keys: the components of the contract's {@link SweepDefinition}. */
  static final List<String> KEYS =
      Arrays.stream(SweepDefinition.class.getRecordComponents())
          .map(c -> ConfigKeys.jsonName(c.getName()))
          .toList();

  /** Keys that W&B sweep files carry; accepted so users can bring theirs, and not used. */
  static final Set<String> IGNORED =
      Set.of("program", "command", "project", "entity", "description");

  static final List<String> METRICS =
      List.of("val_accuracy", "val_loss", "train_accuracy", "train_loss");
  static final List<String> GOALS = List.of("maximize", "minimize");
  static final String DATASET = DatasetSpec.FASHION_MNIST;
  static final List<String> DATASET_NAMES = List.of(DATASET, DatasetSpec.IDX);
  static final List<String> DATASET_KEYS =
      List.of("name", "validation_size", "train_limit", "seed", "normalize", "dir", "sha256");
  static final int TRAIN_IMAGES = 60_000;
  static final int MAX_NAME = 200;

  private DefinitionValidator() {}

  static SweepDefinition validate(JsonNode root) {
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key) && !IGNORED.contains(key)) {
        throw ApiException.badRequest(
            key,
            "unknown key '"
                + key
                + "' at the top level; allowed keys are "
                + String.join(", ", KEYS)
                + " (W&B's "
                + String.join(", ", IGNORED.stream().sorted().toList())
                + " are accepted and ignored)");
      }
    }
    Map<String, Object> read = new HashMap<>();
    read.put("name", name(root.get("name")));
    String method = method(root.get("method"));
    read.put("method", method);
    SweepDefinition.Metric metric = metric(root.get("metric"));
    read.put("metric", metric);
    DatasetSpec dataset = dataset(root.get("dataset"));
    noValidation(dataset, metric);
    read.put("dataset", dataset);
    Integer runCap = runCap(root.get("run_cap"), method);
    // null unless switched off, so definitions without the key (or with cache: true) keep their
    // hash
    read.put(
        "cache",
        absent(root.get("cache")) || Values.toBoolean(root.get("cache"), "cache") ? null : false);
    ParameterValidator parameters = new ParameterValidator(method, dataset);
    parameters.model(root.get("model"));
    Map<String, SweepDefinition.Parameter> params = parameters.parameters(root.get("parameters"));
    read.put("model", parameters.model(params));
    read.put("parameters", params);
    read.put("run_cap", runCap);
    // the rule's own parser: which fields go together and which belong to which type
    EarlyTermination rule = EarlyTermination.parse(root.get(EarlyTermination.FIELD));
    read.put(EarlyTermination.FIELD, rule == null ? null : rule.toContract());
    return TopLevel.build(root, read);
  }

  private static String name(JsonNode node) {
    if (absent(node)) {
      return "sweep";
    }
    // YAML reads "name: 2024" as a number; any scalar is a fine name
    String name = (node.isValueNode() ? node.asText() : Values.text(node, "name")).strip();
    if (name.isEmpty() || name.length() > MAX_NAME) {
      throw ApiException.badRequest("name", "name must have 1 to " + MAX_NAME + " characters");
    }
    return name;
  }

  private static String method(JsonNode node) {
    if (absent(node)) {
      return "grid";
    }
    String method = Values.text(node, "method");
    return switch (method) {
      case "grid", "random", "bayes" -> method;
      default ->
          throw ApiException.badRequest(
              "method", "unknown method '" + method + "'; use grid, random or bayes");
    };
  }

  private static SweepDefinition.Metric metric(JsonNode node) {
    if (absent(node)) {
      return new SweepDefinition.Metric("val_accuracy", "maximize");
    }
    Values.object(node, "metric", "{name: val_accuracy, goal: maximize}");
    // W&B's target (stop once reached) is accepted for compatibility; every trial runs here
    onlyKeys(node, "metric", List.of("name", "goal", "target"));
    if (!absent(node.get("target"))) {
      Values.toDouble(node.get("target"), "metric.target");
    }
    String name = "val_accuracy";
    if (!absent(node.get("name"))) {
      name = Values.text(node.get("name"), "metric.name");
      if (!METRICS.contains(name)) {
        throw ApiException.badRequest(
            "metric.name",
            "unknown metric.name '" + name + "'; use one of " + String.join(", ", METRICS));
      }
    }
    String goal = defaultGoal(name);
    if (!absent(node.get("goal"))) {
      goal = Values.text(node.get("goal"), "metric.goal");
      if (!GOALS.contains(goal)) {
        throw ApiException.badRequest(
            "metric.goal", "unknown metric.goal '" + goal + "'; use maximize or minimize");
      }
    }
    return new SweepDefinition.Metric(name, goal);
  }

  /** Accuracy is maximised and loss minimised unless the user says otherwise. */
  static String defaultGoal(String metric) {
    return metric.endsWith("accuracy") ? "maximize" : "minimize";
  }

  private static DatasetSpec dataset(JsonNode node) {
    if (absent(node)) {
      return DatasetSpec.DEFAULT;
    }
    Values.object(node, "dataset", "{name: fashion-mnist, validation_size: 10000, seed: 42}");
    onlyKeys(node, "dataset", DATASET_KEYS);
    String name = DATASET;
    if (!absent(node.get("name"))) {
      name = Values.text(node.get("name"), "dataset.name");
      if (!DATASET_NAMES.contains(name)) {
        throw ApiException.badRequest(
            "dataset.name",
            "unknown dataset.name '" + name + "'; use fashion-mnist, or idx with dataset.dir");
      }
    }
    int validation = 10_000;
    if (!absent(node.get("validation_size"))) {
      validation = Values.toInt(node.get("validation_size"), "dataset.validation_size");
      if (validation < 0 || validation > TRAIN_IMAGES - 1000) {
        throw ApiException.badRequest(
            "dataset.validation_size",
            "dataset.validation_size must be between 0 and " + (TRAIN_IMAGES - 1000));
      }
    }
    Integer trainLimit = null;
    if (!absent(node.get("train_limit"))) {
      trainLimit = Values.toInt(node.get("train_limit"), "dataset.train_limit");
      // an idx dataset's image count is known once its files are read (IdxSubmission)
      int most = name.equals(DATASET) ? TRAIN_IMAGES - validation : TRAIN_IMAGES;
      if (trainLimit < 1 || trainLimit > most) {
        throw ApiException.badRequest(
            "dataset.train_limit",
            "dataset.train_limit must be between 1 and "
                + most
                + " (the training images left after validation_size)");
      }
    }
    long seed = absent(node.get("seed")) ? 42 : Values.toLong(node.get("seed"), "dataset.seed");
    Normalize normalize =
        TopLevel.bind(node.get("normalize"), "dataset.normalize", Normalize.class);
    String dir = absent(node.get("dir")) ? null : Values.text(node.get("dir"), "dataset.dir");
    DatasetSpec spec =
        new DatasetSpec(
            name, validation, trainLimit, seed, normalize, dir, IdxSubmission.sha256(node));
    if (spec.isIdx()) {
      spec = IdxSubmission.complete(spec);
    }
    List<ConfigValidator.Problem> problems = ConfigValidator.shared().validateDataset(spec);
    if (!problems.isEmpty()) {
      ConfigValidator.Problem first = problems.get(0);
      throw ApiException.badRequest(first.path(), first.detail(""));
    }
    return spec;
  }

  /**
   * Without validation images ({@code validation_size} 0, all 60k images train) no val_* metric is
   * measured: a sweep ranked by one is refused now rather than run to no result. The rule is the
   * contract's, one owner for the API and the worker.
   */
  private static void noValidation(DatasetSpec dataset, SweepDefinition.Metric metric) {
    ConfigValidator.Problem p = ConfigValidator.metricProblem(dataset, metric.name());
    if (p != null) {
      throw ApiException.badRequest(p.path(), p.detail(""));
    }
  }

  private static Integer runCap(JsonNode node, String method) {
    if (!method.equals("grid")) {
      if (absent(node)) {
        throw ApiException.badRequest(
            "run_cap", "run_cap is required with method " + method + ": how many trials to sample");
      }
      int cap = Values.toInt(node, "run_cap");
      if (cap < 1) {
        throw ApiException.badRequest("run_cap", "run_cap must be at least 1 (got " + cap + ")");
      }
      return cap;
    }
    if (!absent(node)) {
      throw ApiException.badRequest(
          "run_cap",
          "run_cap applies to methods random and bayes only; a grid runs every combination");
    }
    return null;
  }

  static void onlyKeys(JsonNode node, String path, List<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw ApiException.badRequest(
            path + "." + key,
            "unknown key '"
                + key
                + "' in "
                + path
                + "; allowed keys are "
                + String.join(", ", allowed));
      }
    }
  }

  static boolean absent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }
}
