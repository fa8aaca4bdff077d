package dev.sweep.api.grid;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.contract.ConfigKeys;
import dev.sweep.contract.SweepDefinition;
import dev.sweep.contract.TrainingConfig;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trial's full configuration as the snake_case map of a {@link TrainingConfig}: the dataset, the
 * model (fixed fields plus the swept ones) and the training keys of {@link ConfigKeys}. Its
 * canonical form is what identities and training keys are hashed over; a job's configuration is the
 * same map, folded, bound into the record.
 */
final class TrialConfig {
  /** Optimizers that have no momentum term: a momentum value changes nothing for them. */
  static final Set<String> NO_MOMENTUM = Set.of("adam", "adamw");

  private static final ObjectMapper BINDER = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final Map<String, Object> dataset;
  private final String modelType;
  private final Map<String, Object> fixedModel;
  private final List<String> modelFields;
  private final List<String> trainingKeys;

  // canonical text of the parts every trial shares, computed once per sweep instead of per trial
  private final CanonicalJson.Raw datasetJson;
  private final CanonicalJson.Raw modelJson;

  TrialConfig(SweepDefinition definition) {
    dataset = BINDER.convertValue(definition.dataset(), MAP);
    modelType = definition.model().type();
    fixedModel = BINDER.convertValue(definition.model(), MAP);
    modelFields = ConfigKeys.modelFields(modelType).stream().map(ConfigKeys.Key::name).toList();
    trainingKeys = ConfigKeys.trainingKeys().stream().map(ConfigKeys.Key::name).toList();
    datasetJson = CanonicalJson.Raw.of(dataset);
    boolean modelSwept = modelFields.stream().anyMatch(definition.parameters()::containsKey);
    modelJson = modelSwept ? null : CanonicalJson.Raw.of(full(Map.of()).get("model"));
  }

  /** SHA-256 of a configuration from {@link #full} or {@link #folded}; same as hashing it whole. */
  String sha256(Map<String, Object> config) {
    Map<String, Object> shared = new HashMap<>(config);
    shared.put("dataset", datasetJson);
    if (modelJson != null) {
      shared.put("model", modelJson);
    }
    return CanonicalJson.sha256(shared);
  }

  /** The full configuration of one grid point, epochs included, nothing folded. */
  Map<String, Object> full(Map<String, Object> point) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("type", modelType);
    for (String field : modelFields) {
      model.put(field, point.containsKey(field) ? point.get(field) : fixedModel.get(field));
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("dataset", dataset);
    config.put("model", model);
    for (String name : trainingKeys) {
      config.put(name, point.get(name));
    }
    return config;
  }

  /**
   * What the job trains: epochs removed and equivalent values folded (nll is cross_entropy over a
   * softmax; momentum is dropped where the optimizer has none).
   */
  static Map<String, Object> folded(Map<String, Object> full) {
    Map<String, Object> config = new LinkedHashMap<>(full);
    config.remove("epochs");
    if ("nll".equals(config.get("loss"))) {
      config.put("loss", "cross_entropy");
    }
    if (NO_MOMENTUM.contains(config.get("optimizer"))) {
      config.put("momentum", null);
    }
    return config;
  }

  /** The wire form of a folded configuration: the same map bound into the record. */
  static TrainingConfig toTraining(Map<String, Object> folded) {
    return BINDER.convertValue(folded, TrainingConfig.class);
  }
}
