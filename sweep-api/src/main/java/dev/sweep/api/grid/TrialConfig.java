package dev.sweep.api.grid;

import dev.sweep.api.sweep.ParameterCatalog;
import dev.sweep.api.sweep.SweepDefinition;
import dev.sweep.contract.DatasetSpec;
import dev.sweep.contract.ModelSpec;
import dev.sweep.contract.TrainingConfig;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trial's full configuration as a snake_case map: the dataset, the model (fixed fields plus the
 * swept ones) and the training parameters. Its canonical form is what identities and training keys
 * are hashed over.
 */
final class TrialConfig {
  static final List<String> TRAINING =
      List.of(
          "learning_rate",
          "optimizer",
          "momentum",
          "loss",
          "batch_size",
          "activation",
          "seed",
          "epochs");

  /** Optimizers that have no momentum term: a momentum value changes nothing for them. */
  static final Set<String> NO_MOMENTUM = Set.of("adam", "adamw");

  private final Map<String, Object> dataset;
  private final String modelType;
  private final Map<String, Object> fixedModel;
  private final List<ParameterCatalog.Spec> modelFields;

  // canonical text of the parts every trial shares, computed once per sweep instead of per trial
  private final CanonicalJson.Raw datasetJson;
  private final CanonicalJson.Raw modelJson;

  TrialConfig(SweepDefinition definition) {
    SweepDefinition.Dataset d = definition.dataset();
    dataset = new LinkedHashMap<>();
    dataset.put("name", d.name());
    dataset.put("validation_size", d.validationSize());
    dataset.put("train_limit", d.trainLimit());
    dataset.put("seed", d.seed());
    SweepDefinition.Model m = definition.model();
    modelType = m.type();
    fixedModel = new LinkedHashMap<>();
    fixedModel.put("hidden_layers", m.hiddenLayers());
    fixedModel.put("patch_size", m.patchSize());
    fixedModel.put("hidden_dim", m.hiddenDim());
    fixedModel.put("blocks", m.blocks());
    fixedModel.put("token_mlp_dim", m.tokenMlpDim());
    fixedModel.put("channel_mlp_dim", m.channelMlpDim());
    fixedModel.put("skip", m.skip());
    fixedModel.put("layer_norm", m.layerNorm());
    modelFields = ParameterCatalog.modelFields(modelType);
    datasetJson = CanonicalJson.Raw.of(dataset);
    boolean modelSwept =
        modelFields.stream().anyMatch(f -> definition.parameters().containsKey(f.name()));
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
    for (ParameterCatalog.Spec field : modelFields) {
      Object value =
          point.containsKey(field.name()) ? point.get(field.name()) : fixedModel.get(field.name());
      model.put(field.name(), value);
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("dataset", dataset);
    config.put("model", model);
    for (String name : TRAINING) {
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

  /** The wire form of a folded configuration. */
  @SuppressWarnings("unchecked")
  static TrainingConfig toTraining(Map<String, Object> folded) {
    Map<String, Object> d = (Map<String, Object>) folded.get("dataset");
    Map<String, Object> m = (Map<String, Object>) folded.get("model");
    DatasetSpec dataset =
        new DatasetSpec(
            (String) d.get("name"),
            (Integer) d.get("validation_size"),
            (Integer) d.get("train_limit"),
            ((Number) d.get("seed")).longValue());
    ModelSpec model =
        new ModelSpec(
            (String) m.get("type"),
            (List<Integer>) m.get("hidden_layers"),
            (Integer) m.get("patch_size"),
            (Integer) m.get("hidden_dim"),
            (Integer) m.get("blocks"),
            (Integer) m.get("token_mlp_dim"),
            (Integer) m.get("channel_mlp_dim"),
            (Boolean) m.get("skip"),
            (Boolean) m.get("layer_norm"));
    return new TrainingConfig(
        dataset,
        model,
        ((Number) folded.get("learning_rate")).doubleValue(),
        (String) folded.get("optimizer"),
        (Double) folded.get("momentum"),
        (String) folded.get("loss"),
        ((Number) folded.get("batch_size")).intValue(),
        (String) folded.get("activation"),
        ((Number) folded.get("seed")).longValue());
  }
}
