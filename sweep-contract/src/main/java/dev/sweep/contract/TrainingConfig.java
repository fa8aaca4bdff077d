package dev.sweep.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * One configuration, in the one shape used everywhere: the API binds each grid point of a
 * definition into it (its snake_case names are the keys users write under {@code parameters}), a
 * job carries it to the worker with equivalent values folded and {@code epochs} left out (a job
 * trains to {@link JobAssignment#plannedEpochs()}), and {@link ConfigValidator} checks it on both
 * sides. Constraints here are the only range checks; see {@link ConfigKeys} for how to add a key.
 *
 * @param optimizer one of adam, sgd, adamw, rmsprop, nesterov
 * @param momentum used by sgd, nesterov and rmsprop when set; null means the optimizer's default
 * @param loss one of cross_entropy, nll (folded to cross_entropy by the API)
 * @param epochs a trial's epoch count; null in a job's configuration
 * @param activation one of relu, sigmoid, tanh, gelu, leaky_relu, elu
 * @param seed seeds weight initialisation and the per-epoch data order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingConfig(
    @JsonProperty("dataset") @NotNull @Valid DatasetSpec dataset,
    @JsonProperty("model") @NotNull @Valid ModelSpec model,
    @JsonProperty("learning_rate") @Positive(message = "must be greater than 0")
        double learningRate,
    @JsonProperty("optimizer") @NotNull @OneOf({"adam", "sgd", "adamw", "rmsprop", "nesterov"})
        String optimizer,
    @JsonProperty("momentum")
        @DecimalMin(value = "0", message = "must be in [0, 1)")
        @DecimalMax(value = "1", inclusive = false, message = "must be in [0, 1)")
        Double momentum,
    @JsonProperty("loss")
        @NotNull
        @OneOf(
            value = {"nll", "cross_entropy"},
            aliases = {"nllloss=nll", "crossentropyloss=cross_entropy"})
        String loss,
    @JsonProperty("batch_size")
        @Min(value = 1, message = "must be at least 1")
        @Max(value = 60_000, message = "must be at most 60000")
        int batchSize,
    @JsonProperty("epochs") @Min(value = 1, message = "must be at least 1") Integer epochs,
    @JsonProperty("activation")
        @NotNull
        @OneOf({"relu", "sigmoid", "tanh", "gelu", "leaky_relu", "elu"})
        String activation,
    @JsonProperty("seed") long seed) {

  /**
   * Every key's default; a key whose default is null is off (or the optimizer's own) unless set.
   */
  public static final TrainingConfig DEFAULTS =
      new TrainingConfig(
          DatasetSpec.DEFAULT,
          ModelSpec.defaults("mlp"),
          0.001,
          "adam",
          null,
          "cross_entropy",
          256,
          10,
          "relu",
          42);

  /** The shape before {@code epochs} joined it: a job's configuration. */
  public TrainingConfig(
      DatasetSpec dataset,
      ModelSpec model,
      double learningRate,
      String optimizer,
      Double momentum,
      String loss,
      int batchSize,
      String activation,
      long seed) {
    this(
        dataset, model, learningRate, optimizer, momentum, loss, batchSize, null, activation, seed);
  }
}
