package dev.sweep.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * @param name "fashion-mnist" (the default) or "idx" (four IDX files of 28x28 images and 10 classes
 *     in {@code dir}: MNIST, KMNIST or a user's own)
 * @param validationSize images carved from the training set, with {@code seed}; 0 trains on all of
 *     them and measures no val_* metric (see {@link ConfigValidator#metricProblem})
 * @param trainLimit if set, the training part is subsampled to this many images (quick runs)
 * @param seed seeds the train/validation split
 * @param normalize per-pixel {@code (x - mean) / std} after scaling to [0, 1]; null is none
 * @param dir for idx only: the absolute directory holding the four files, on the workers (and on
 *     the API when it can read it)
 * @param sha256 for idx only: the SHA-256 of each file's decompressed contents, keyed by the files'
 *     base names ({@link dev.sweep.contract.idx.IdxPart}); part of every identity and training key
 *     built from this spec, so different data never share a job, a fusion group or a cached result
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetSpec(
    @JsonProperty("name")
        @OneOf(
            value = {"fashion-mnist", "idx"},
            message = "must be fashion-mnist or idx")
        String name,
    @JsonProperty("validation_size")
        @Min(value = 0, message = "must be between 0 and 59000")
        @Max(value = TRAIN_IMAGES - 1000, message = "must be between 0 and 59000")
        int validationSize,
    @JsonProperty("train_limit") @Min(value = 1, message = "must be between 1 and 60000")
        Integer trainLimit,
    @JsonProperty("seed") long seed,
    @JsonProperty("normalize") @Valid Normalize normalize,
    @JsonProperty("dir") String dir,
    @JsonProperty("sha256")
        Map<
                String,
                @Pattern(regexp = "[0-9a-f]{64}", message = "must be 64 lower-case hex digits")
                String>
            sha256) {

  public static final int TRAIN_IMAGES = 60_000;
  public static final String FASHION_MNIST = "fashion-mnist";
  public static final String IDX = "idx";

  public DatasetSpec {
    // sorted and read-only: one spelling for equal specs (fusion keys compare them)
    sha256 = sha256 == null ? null : Collections.unmodifiableMap(new TreeMap<>(sha256));
  }

  /** The shape before {@code dir} and {@code sha256} joined it: Fashion-MNIST's. */
  public DatasetSpec(
      String name, int validationSize, Integer trainLimit, long seed, Normalize normalize) {
    this(name, validationSize, trainLimit, seed, normalize, null, null);
  }

  /** The shape before {@code normalize} joined it: none. */
  public DatasetSpec(String name, int validationSize, Integer trainLimit, long seed) {
    this(name, validationSize, trainLimit, seed, null);
  }

  public static final DatasetSpec DEFAULT = new DatasetSpec(FASHION_MNIST, 10_000, null, 42);

  @JsonIgnore
  public boolean isIdx() {
    return IDX.equals(name);
  }

  /** The same spec with these checksums. */
  public DatasetSpec withSha256(Map<String, String> checksums) {
    return new DatasetSpec(name, validationSize, trainLimit, seed, normalize, dir, checksums);
  }
}
