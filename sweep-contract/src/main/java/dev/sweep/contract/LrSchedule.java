package dev.sweep.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * A learning-rate schedule, stepped once per epoch. The first {@code warmup_epochs} epochs ramp
 * linearly, epoch {@code e} (from 0) training at {@code lr * (e + 1) / (warmup_epochs + 1)}; after
 * that, with {@code k} epochs past the warm-up:
 *
 * <ul>
 *   <li>constant: {@code lr}
 *   <li>step: {@code lr * gamma^floor(k / step_size)}
 *   <li>exponential: {@code lr * gamma^k}
 *   <li>cosine: {@code min_lr + (lr - min_lr) * (1 + cos(pi * k / (epochs - warmup_epochs))) / 2},
 *       reaching {@code min_lr} after the trial's last epoch. It depends on {@code epochs}, so the
 *       planner keeps {@code epochs} in the job's training key for it.
 * </ul>
 *
 * @param type one of constant, step, exponential, cosine
 * @param warmupEpochs epochs of linear warm-up; null is 0
 * @param stepSize epochs between decays of a step schedule; null is 1
 * @param gamma the decay factor of step and exponential schedules, in (0, 1]; null is 0.1
 * @param minLr the rate cosine decays to, at least 0; null is 0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LrSchedule(
    @JsonProperty("type") @NotNull @OneOf({"constant", "step", "exponential", "cosine"})
        String type,
    @JsonProperty("warmup_epochs")
        @Min(value = 0, message = "must be between 0 and 1000")
        @Max(value = 1000, message = "must be between 0 and 1000")
        Integer warmupEpochs,
    @JsonProperty("step_size")
        @Min(value = 1, message = "must be between 1 and 1000")
        @Max(value = 1000, message = "must be between 1 and 1000")
        Integer stepSize,
    @JsonProperty("gamma")
        @DecimalMin(value = "0", inclusive = false, message = "must be in (0, 1]")
        @DecimalMax(value = "1", message = "must be in (0, 1]")
        Double gamma,
    @JsonProperty("min_lr") @DecimalMin(value = "0", message = "must be at least 0") Double minLr) {

  /** Whether the rate at an epoch depends on the trial's total number of epochs. */
  public boolean dependsOnEpochs() {
    return "cosine".equals(type);
  }

  public int warmup() {
    return warmupEpochs == null ? 0 : warmupEpochs;
  }

  public int step() {
    return stepSize == null ? 1 : stepSize;
  }

  public double decay() {
    return gamma == null ? 0.1 : gamma;
  }

  public double floor() {
    return minLr == null ? 0 : minLr;
  }

  /**
   * The learning rate of an epoch (from 0).
   *
   * @param epochs the trial's total epochs; used by cosine only
   */
  public double rate(double lr, int epoch, int epochs) {
    int warmup = warmup();
    if (epoch < warmup) {
      return lr * (epoch + 1) / (warmup + 1);
    }
    int k = epoch - warmup;
    return switch (type) {
      case "step" -> lr * Math.pow(decay(), k / step());
      case "exponential" -> lr * Math.pow(decay(), k);
      case "cosine" -> {
        int span = Math.max(1, epochs - warmup);
        double t = Math.min(k, span);
        yield floor() + (lr - floor()) * (1 + Math.cos(Math.PI * t / span)) / 2;
      }
      default -> lr;
    };
  }
}
