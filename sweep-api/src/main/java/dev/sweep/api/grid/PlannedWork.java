package dev.sweep.api.grid;

import dev.sweep.contract.ConfigValidator;
import dev.sweep.contract.ModelEstimate;
import dev.sweep.contract.ModelSpec;
import dev.sweep.contract.TrainingConfig;
import java.util.Set;

/**
 * A job's planned work: an estimate of its training time, stored on the job ({@code
 * job.planned_work}) so the claim hands out the most work first. Longest processing time first
 * keeps a sweep from ending with one slot training a long job while the others idle. It orders the
 * queue and nothing else, so only ratios matter; it is scaled so that one epoch of {@link
 * TrainingConfig#DEFAULTS} is 1, which also makes the planned epochs that V16 gave older jobs a
 * sensible value.
 *
 * <p>{@code work = epochs x training images x multiply-adds per sample x (1 + 128 / batch size) x
 * activation factor}:
 *
 * <ul>
 *   <li>multiply-adds per sample: the MLP's sum of in x out over its layers (784 -> hidden... ->
 *       10); the Mixer's stem, token and channel MLPs of every block, and head.
 *   <li>{@code 1 + 128 / batch}: the per-step cost (the optimizer's update of every parameter, the
 *       batch's bookkeeping) spread over the batch. Per sample, batch 64 costs exactly 2x batch
 *       256.
 *   <li>activation: 1.15 for the transcendental ones (tanh, sigmoid, gelu, elu, ...), 1 for relu,
 *       leaky_relu and anything unknown.
 * </ul>
 *
 * <p>The constants were measured on {@code grids/bench.yaml} (16 jobs of 6 epochs in 4 fusion
 * groups of 4 keyed by batch size x activation, 2 slots on 2 cores): the groups took b64/relu 14.2
 * s, b64/tanh 15.9 s, b256/relu 6.9 s, b256/tanh 8.0 s: batch 64 about 2x batch 256 (2.06x with
 * relu, 1.99x with tanh) and tanh 1.12-1.16x relu. With planned epochs alone those jobs tied and
 * went out by id, and the sweep ended 1.1-2.9 s later than in this order. Since the worker takes
 * tanh's gradient from the forward output, tanh groups measure 0.90-1.18x relu's: the activation
 * factor now mostly breaks ties (in bench.yaml the two slots then ended 0.02 s apart).
 */
public final class PlannedWork {
  /** A step's own cost, in samples: a batch of b costs as much as b + 128 samples would. */
  private static final double STEP_OVERHEAD = 128.0;

  private static final double TRANSCENDENTAL_FACTOR = 1.15;

  /** The contract's (tanh, sigmoid, gelu, elu) and likely additions; the rest cost as relu. */
  private static final Set<String> TRANSCENDENTAL =
      Set.of("tanh", "sigmoid", "gelu", "elu", "selu", "softplus", "swish", "silu", "mish");

  private static final double REFERENCE = raw(TrainingConfig.DEFAULTS, 1);

  private PlannedWork() {}

  /** The work of training {@code config} for {@code epochs} epochs; one default epoch is 1. */
  public static double of(TrainingConfig config, int epochs) {
    return raw(config, epochs) / REFERENCE;
  }

  private static double raw(TrainingConfig config, int epochs) {
    return (double) epochs
        * trainingImages(config)
        * multiplyAdds(config.model())
        * (1 + STEP_OVERHEAD / config.batchSize())
        * activationFactor(config.activation());
  }

  /**
   * The images one epoch trains on: what the worker's DataSplit keeps of the 60,000 after the
   * validation split and train_limit. An idx dataset's size is not in its configuration; MNIST and
   * KMNIST have 60,000 training images too.
   */
  static int trainingImages(TrainingConfig config) {
    int left = ConfigValidator.trainingImages(config.dataset());
    Integer limit = config.dataset().trainLimit();
    return limit == null ? left : Math.min(left, limit);
  }

  /**
   * Multiply-adds of one sample's forward pass ({@link ModelEstimate}; backward is about twice
   * that, for every model).
   */
  static double multiplyAdds(ModelSpec model) {
    return ModelEstimate.of(model, 1).multiplyAdds();
  }

  static double activationFactor(String activation) {
    return TRANSCENDENTAL.contains(activation) ? TRANSCENDENTAL_FACTOR : 1.0;
  }
}
