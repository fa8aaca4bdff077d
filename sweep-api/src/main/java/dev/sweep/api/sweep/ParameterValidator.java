package dev.sweep.api.sweep;

import static dev.sweep.api.sweep.DefinitionValidator.absent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.web.ApiException;
import dev.sweep.contract.ConfigKeys;
import dev.sweep.contract.ConfigKeys.Key;
import dev.sweep.contract.DatasetSpec;
import dev.sweep.contract.ModelSpec;
import dev.sweep.contract.SweepDefinition;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the {@code model} and {@code parameters} blocks, which share the model-field names. The
 * keys, their types, checks and defaults all come from the contract ({@link ConfigKeys}).
 */
final class ParameterValidator {
  static final List<String> MODEL_TYPES = List.of("mlp", "mixer");
  private static final ObjectMapper BINDER = new ObjectMapper();
  private static final List<String> PARAMETER_KEYS =
      List.of("values", "value", "min", "max", "distribution");

  private final String method;
  private final DatasetSpec dataset;
  private String modelType = "mlp";
  private final Map<String, Object> modelGiven = new LinkedHashMap<>();

  ParameterValidator(String method, DatasetSpec dataset) {
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
      if (!MODEL_TYPES.contains(modelType)) {
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
      Key key = modelField(field.getKey(), path);
      modelGiven.put(key.name(), KeyValues.read(key, field.getValue(), path));
    }
  }

  Map<String, SweepDefinition.Parameter> parameters(JsonNode node) {
    Map<String, SweepDefinition.Parameter> given = new LinkedHashMap<>();
    if (!absent(node)) {
      Values.object(node, "parameters", "{learning_rate: {values: [0.01, 0.001]}}");
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String path = "parameters." + field.getKey();
        Key key = ConfigKeys.get(field.getKey());
        if (key == null) {
          throw ApiException.badRequest(
              path,
              "unknown parameter '"
                  + field.getKey()
                  + "'; use "
                  + String.join(", ", names(ConfigKeys.trainingKeys()))
                  + " or a field of model type "
                  + modelType
                  + ": "
                  + String.join(", ", names(ConfigKeys.modelFields(modelType))));
        }
        if (key.isModelField()) {
          modelField(key.name(), path);
          if (modelGiven.containsKey(key.name())) {
            throw ApiException.badRequest(
                path, path + " is also set in model." + key.name() + "; set it in one place");
          }
        }
        given.put(key.name(), parameter(key, field.getValue(), path));
      }
    }
    Map<String, SweepDefinition.Parameter> filled = new LinkedHashMap<>();
    for (Key key : ConfigKeys.all()) {
      Object defaultValue = key.isModelField() ? null : key.defaultValue(modelType);
      if (given.containsKey(key.name())) {
        filled.put(key.name(), given.get(key.name()));
      } else if (key.name().equals("seed")) {
        filled.put("seed", SweepDefinition.Parameter.of(dataset.seed()));
      } else if (defaultValue != null) {
        filled.put(key.name(), SweepDefinition.Parameter.of(defaultValue));
      }
    }
    return filled;
  }

  /** The model block: given or default values for every field of the type that is not swept. */
  ModelSpec model(Map<String, SweepDefinition.Parameter> parameters) {
    Map<String, Object> fixed = new LinkedHashMap<>();
    fixed.put("type", modelType);
    for (Key key : ConfigKeys.modelFields(modelType)) {
      if (!parameters.containsKey(key.name())) {
        fixed.put(key.name(), modelGiven.getOrDefault(key.name(), key.defaultValue(modelType)));
      }
    }
    return BINDER.convertValue(fixed, ModelSpec.class);
  }

  private SweepDefinition.Parameter parameter(Key key, JsonNode node, String path) {
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
      String options = method.equals("random") ? "values, value or min/max" : "values or value";
      throw ApiException.badRequest(
          path, path + (forms == 0 ? " needs " : " takes only one of ") + options);
    }
    if (hasValue) {
      return SweepDefinition.Parameter.of(KeyValues.read(key, node.get("value"), path + ".value"));
    }
    if (hasRange) {
      return RangeValidator.range(key, node, path, method);
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
      typed.add(KeyValues.read(key, values.get(i), path + ".values[" + i + "]"));
    }
    return new SweepDefinition.Parameter(List.copyOf(typed), null, null, null, null);
  }

  private Key modelField(String name, String path) {
    Key key = ConfigKeys.get(name);
    if (key == null || !key.isModelField()) {
      throw ApiException.badRequest(
          path,
          "unknown model field '"
              + name
              + "'; model type "
              + modelType
              + " has "
              + String.join(", ", names(ConfigKeys.modelFields(modelType))));
    }
    if (!key.belongsTo(modelType)) {
      throw ApiException.badRequest(
          path,
          path
              + " belongs to model type "
              + String.join(" or ", key.modelTypes())
              + ", but model.type is "
              + modelType);
    }
    return key;
  }

  private static List<String> names(List<Key> keys) {
    return keys.stream().map(Key::name).toList();
  }
}
