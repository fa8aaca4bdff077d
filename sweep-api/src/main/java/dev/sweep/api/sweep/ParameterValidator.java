package dev.sweep.api.sweep;

import static dev.sweep.api.sweep.DefinitionValidator.absent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.api.sweep.ParameterCatalog.Spec;
import dev.sweep.api.web.ApiException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks the {@code model} and {@code parameters} blocks, which share the model-field names. */
final class ParameterValidator {
  private static final List<String> PARAMETER_KEYS =
      List.of("values", "value", "min", "max", "distribution");

  private final String method;
  private final SweepDefinition.Dataset dataset;
  private String modelType = ParameterCatalog.MLP;
  private final Map<String, Object> modelGiven = new LinkedHashMap<>();

  ParameterValidator(String method, SweepDefinition.Dataset dataset) {
    this.method = method;
    this.dataset = dataset;
  }

  void model(JsonNode node) {
    if (absent(node)) {
      return;
    }
    Values.object(node, "model", "{type: mlp, hidden_layers: [256, 128]}");
    if (!absent(node.get("type"))) {
      modelType = Values.text(node.get("type"), "model.type");
      if (!ParameterCatalog.MODEL_TYPES.contains(modelType)) {
        throw ApiException.badRequest(
            "model.type", "unknown model.type '" + modelType + "'; use mlp or mixer");
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getKey().equals("type")) {
        continue;
      }
      String path = "model." + field.getKey();
      Spec spec = modelField(field.getKey(), path);
      modelGiven.put(spec.name(), spec.coerce(field.getValue(), path));
    }
  }

  Map<String, SweepDefinition.Parameter> parameters(JsonNode node) {
    Map<String, SweepDefinition.Parameter> given = new LinkedHashMap<>();
    if (!absent(node)) {
      Values.object(node, "parameters", "{learning_rate: {values: [0.01, 0.001]}}");
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String path = "parameters." + field.getKey();
        Spec spec = ParameterCatalog.get(field.getKey());
        if (spec == null) {
          throw ApiException.badRequest(
              path,
              "unknown parameter '"
                  + field.getKey()
                  + "'; use "
                  + String.join(", ", names(trainingSpecs()))
                  + " or a field of model type "
                  + modelType
                  + ": "
                  + String.join(", ", names(ParameterCatalog.modelFields(modelType))));
        }
        if (spec.isModelField()) {
          modelField(spec.name(), path);
          if (modelGiven.containsKey(spec.name())) {
            throw ApiException.badRequest(
                path, path + " is also set in model." + spec.name() + "; set it in one place");
          }
        }
        given.put(spec.name(), parameter(spec, field.getValue(), path));
      }
    }
    Map<String, SweepDefinition.Parameter> filled = new LinkedHashMap<>();
    for (Spec spec : ParameterCatalog.all()) {
      if (given.containsKey(spec.name())) {
        filled.put(spec.name(), given.get(spec.name()));
      } else if (spec.name().equals("seed")) {
        filled.put("seed", SweepDefinition.Parameter.of(dataset.seed()));
      } else if (!spec.isModelField() && spec.defaultValue() != null) {
        filled.put(spec.name(), SweepDefinition.Parameter.of(spec.defaultValue()));
      }
    }
    return filled;
  }

  /** The model block: given or default values for every field of the type that is not swept. */
  SweepDefinition.Model model(Map<String, SweepDefinition.Parameter> parameters) {
    Map<String, Object> fixed = new LinkedHashMap<>();
    for (Spec spec : ParameterCatalog.modelFields(modelType)) {
      if (!parameters.containsKey(spec.name())) {
        fixed.put(spec.name(), modelGiven.getOrDefault(spec.name(), spec.defaultValue()));
      }
    }
    @SuppressWarnings("unchecked")
    List<Integer> hiddenLayers = (List<Integer>) fixed.get("hidden_layers");
    return new SweepDefinition.Model(
        modelType,
        hiddenLayers,
        (Integer) fixed.get("patch_size"),
        (Integer) fixed.get("hidden_dim"),
        (Integer) fixed.get("blocks"),
        (Integer) fixed.get("token_mlp_dim"),
        (Integer) fixed.get("channel_mlp_dim"),
        (Boolean) fixed.get("skip"),
        (Boolean) fixed.get("layer_norm"));
  }

  private SweepDefinition.Parameter parameter(Spec spec, JsonNode node, String path) {
    Values.object(node, path, "{values: [...]} or {value: x}");
    DefinitionValidator.onlyKeys(node, path, PARAMETER_KEYS);
    boolean hasValues = !absent(node.get("values"));
    boolean hasValue = node.has("value");
    String distribution =
        absent(node.get("distribution")) ? null : node.get("distribution").asText();
    // W&B spells the default forms out: categorical over values, constant for value
    if ("categorical".equals(distribution) && hasValues
        || "constant".equals(distribution) && hasValue) {
      distribution = null;
    }
    boolean hasRange = node.has("min") || node.has("max") || distribution != null;
    int forms = (hasValues ? 1 : 0) + (hasValue ? 1 : 0) + (hasRange ? 1 : 0);
    if (forms != 1) {
      String options = method.equals("grid") ? "values or value" : "values, value or min/max";
      throw ApiException.badRequest(
          path, path + (forms == 0 ? " needs " : " takes only one of ") + options);
    }
    if (hasValue) {
      return SweepDefinition.Parameter.of(spec.coerce(node.get("value"), path + ".value"));
    }
    if (hasRange) {
      return RangeValidator.range(spec, node, path, method);
    }
    JsonNode values = node.get("values");
    if (!values.isArray()) {
      throw ApiException.badRequest(
          path + ".values",
          path + ".values must be a list such as [a, b] (got " + Values.describe(values) + ")");
    }
    if (values.isEmpty()) {
      throw ApiException.badRequest(path + ".values", path + ".values must not be empty");
    }
    List<Object> typed = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      typed.add(spec.coerce(values.get(i), path + ".values[" + i + "]"));
    }
    return new SweepDefinition.Parameter(List.copyOf(typed), null, null, null, null);
  }

  private Spec modelField(String name, String path) {
    Spec spec = ParameterCatalog.get(name);
    if (spec == null || !spec.isModelField()) {
      throw ApiException.badRequest(
          path,
          "unknown model field '"
              + name
              + "'; model type "
              + modelType
              + " has "
              + String.join(", ", names(ParameterCatalog.modelFields(modelType))));
    }
    if (!spec.modelType().equals(modelType)) {
      throw ApiException.badRequest(
          path,
          path + " belongs to model type " + spec.modelType() + ", but model.type is " + modelType);
    }
    return spec;
  }

  private static List<Spec> trainingSpecs() {
    return ParameterCatalog.all().stream().filter(s -> !s.isModelField()).toList();
  }

  private static List<String> names(List<Spec> specs) {
    return specs.stream().map(Spec::name).toList();
  }
}
