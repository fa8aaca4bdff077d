package dev.sweep.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;

/**
 * A sweep's {@code early_terminate}, in W&B's format, as stored (normalised: {@code asha} written
 * as {@code hyperband}, {@code eta} and the median's defaults filled). The API checks it with its
 * own rule parser (the fields that go together, and which belong to which type) and decides with it
 * at each rung; the constraints here state the ranges.
 *
 * @param type hyperband (asha is the same) or median
 * @param minIter hyperband: the first rung; rungs are at min_iter * eta^k epochs
 * @param maxIter hyperband, W&B's other form with {@code s}: rungs at max_iter / eta^k, k = 1..s
 * @param eta hyperband: a rung keeps the top 1/eta of the jobs that reached it (default 3)
 * @param warmupEpochs median: epochs before the first rung (default 0)
 * @param minTrials median: other jobs needed at an epoch before anyone is stopped (default 5)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EarlyTerminate(
    @JsonProperty("type") @OneOf({"hyperband", "asha", "median"}) String type,
    @JsonProperty("min_iter") @Min(value = 1, message = "must be at least 1") Integer minIter,
    @JsonProperty("max_iter") @Min(value = 1, message = "must be at least 1") Integer maxIter,
    @JsonProperty("s") @Min(value = 1, message = "must be at least 1") Integer s,
    @JsonProperty("eta") @Min(value = 2, message = "must be at least 2") Integer eta,
    @JsonProperty("warmup_epochs") @Min(value = 0, message = "must be at least 0")
        Integer warmupEpochs,
    @JsonProperty("min_trials") @Min(value = 1, message = "must be at least 1")
        Integer minTrials) {}
