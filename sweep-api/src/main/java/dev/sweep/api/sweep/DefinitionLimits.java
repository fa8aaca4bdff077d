package dev.sweep.api.sweep;

import dev.sweep.api.config.SweepProperties;
import dev.sweep.api.grid.Plan;
import dev.sweep.api.web.ApiException;
import dev.sweep.contract.ModelEstimate;
import dev.sweep.contract.SweepDefinition;
import dev.sweep.contract.TrainingConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The runaway-definition limits of {@code sweep.limits}: an {@code epochs} cap, and the estimated
 * size of every model the grid would train ({@link ModelEstimate}). Each refusal is a 400 naming
 * the field that asked for too much, such as {@code parameters.hidden_layers.values[1]}.
 */
final class DefinitionLimits {
  private static final List<String> MLP_FIELDS = List.of("hidden_layers", "batch_size");
  private static final List<String> MIXER_FIELDS =
      List.of(
          "hidden_dim", "channel_mlp_dim", "token_mlp_dim", "blocks", "patch_size", "batch_size");

  private DefinitionLimits() {}

  static void epochs(SweepDefinition definition, SweepProperties.Limits limits) {
    SweepDefinition.Parameter p = definition.parameters().get("epochs");
    if (p == null) {
      return;
    }
    String path = "parameters.epochs";
    if (p.values() != null) {
      for (int i = 0; i < p.values().size(); i++) {
        tooManyEpochs(p.values().get(i), path + ".values[" + i + "]", limits);
      }
    }
    tooManyEpochs(p.value(), path + ".value", limits);
    tooManyEpochs(p.max(), path + ".max", limits);
  }

  private static void tooManyEpochs(Object value, String path, SweepProperties.Limits limits) {
    if (value instanceof Number n && n.longValue() > limits.epochs()) {
      throw ApiException.badRequest(
          path,
          path
              + " is "
              + n
              + " epochs; at most "
              + limits.epochs()
              + " are allowed (sweep.limits.epochs)");
    }
  }

  /** Every distinct model and batch size of the plan, against the parameter and memory limits. */
  static void models(SweepDefinition definition, Plan plan, SweepProperties.Limits limits) {
    Set<String> seen = new HashSet<>();
    for (Plan.Job job : plan.jobs()) {
      TrainingConfig c = job.config();
      if (!seen.add(c.model() + "/" + c.batchSize())) {
        continue;
      }
      ModelEstimate e = ModelEstimate.of(c.model(), c.batchSize());
      boolean params = e.parameters() > limits.modelParameters();
      boolean memory = e.activationBytes() > limits.activationMemory().toBytes();
      if (params || memory) {
        String field = field(definition, job, !params);
        throw ApiException.badRequest(
            field,
            "the model at "
                + field
                + " is too large: "
                + (params
                    ? "about "
                        + e.parameters()
                        + " parameters, over the "
                        + limits.modelParameters()
                        + " of sweep.limits.model-parameters"
                    : "about "
                        + e.activationBytes()
                        + " bytes of activations per batch of "
                        + c.batchSize()
                        + ", over the "
                        + limits.activationMemory().toBytes()
                        + " of sweep.limits.activation-memory")
                + " (model "
                + c.model()
                + ")");
      }
    }
  }

  /** The swept value that chose this model, else the model block's field that sets its size. */
  private static String field(SweepDefinition definition, Plan.Job job, boolean memory) {
    boolean mixer = "mixer".equals(job.config().model().type());
    List<String> fields = mixer ? MIXER_FIELDS : MLP_FIELDS;
    Plan.Trial trial = job.trials().get(0);
    for (String name : fields) {
      if (name.equals("batch_size") && !memory) {
        continue;
      }
      SweepDefinition.Parameter p = definition.parameters().get(name);
      if (p != null && p.values() != null) {
        int i = p.values().indexOf(trial.params().get(name));
        if (i >= 0) {
          return "parameters." + name + ".values[" + i + "]";
        }
      }
    }
    if (memory && definition.parameters().containsKey("batch_size")) {
      SweepDefinition.Parameter p = definition.parameters().get("batch_size");
      if (p.values() == null && p.min() == null) {
        return "parameters.batch_size.value";
      }
    }
    return "model." + fields.get(0);
  }
}
