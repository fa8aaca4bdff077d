package dev.sweep.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * @param name only "fashion-mnist" for now
 * @param validationSize images carved from the 60k training set, with {@code seed}; 0 trains on all
 *     of them and measures no val_* metric (see {@link ConfigValidator#metricProblem})
 * @param trainLimit if set, the training part is subsampled to this many images (quick runs)
 * @param seed seeds the train/validation split
 * @param normalize per-pixel {@code (x - mean) / std} after scaling to [0, 1]; null is none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetSpec(
    @JsonProperty("name")
        @OneOf(value = "fashion-mnist", message = "only fashion-mnist is supported")
        String name,
    @JsonProperty("validation_size")
        @Min(value = 0, message = "must be between 0 and 59000")
        @Max(value = TRAIN_IMAGES - 1000, message = "must be between 0 and 59000")
        int validationSize,
    @JsonProperty("train_limit") @Min(value = 1, message = "must be between 1 and 60000")
        Integer trainLimit,
    @JsonProperty("seed") long seed,
    @JsonProperty("normalize") @Valid Normalize normalize) {

  public static final int TRAIN_IMAGES = 60_000;

  /** The shape before {@code normalize} joined it: none. */
  public DatasetSpec(String name, int validationSize, Integer trainLimit, long seed) {
    this(name, validationSize, trainLimit, seed, null);
  }

  public static final DatasetSpec DEFAULT = new DatasetSpec("fashion-mnist", 10_000, null, 42);
}
