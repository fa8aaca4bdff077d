package dev.sweep.worker.data;

import dev.sweep.contract.DatasetSpec;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which of the 60k training images train and which validate: a seeded permutation, the first {@code
 * validationSize} validate, the rest train, and {@code trainLimit} keeps a prefix of the (already
 * random) training part. The same spec always gives the same split. A {@code validationSize} of 0
 * leaves {@code validation} empty: every image may train, and no epoch is validated.
 */
public record DataSplit(int[] train, int[] validation) {

  public static DataSplit of(DatasetSpec spec, int total) {
    int val = spec.validationSize();
    if (val < 0 || val >= total) {
      throw new IllegalArgumentException(
          "validation_size must be between 0 and " + (total - 1) + ", got " + val);
    }
    int[] perm = permutation(total, new SplittableRandom(spec.seed()));
    int trainCount = total - val;
    if (spec.trainLimit() != null) {
      if (spec.trainLimit() < 1) {
        throw new IllegalArgumentException(
            "train_limit must be positive, got " + spec.trainLimit());
      }
      trainCount = Math.min(trainCount, spec.trainLimit());
    }
    return new DataSplit(
        Arrays.copyOfRange(perm, val, val + trainCount), Arrays.copyOfRange(perm, 0, val));
  }

  /** Whether there are validation images: false for {@code validation_size} 0. */
  public boolean validates() {
    return validation.length > 0;
  }

  /** Fisher-Yates over 0..n-1. */
  public static int[] permutation(int n, SplittableRandom rnd) {
    int[] p = Batches.identity(n);
    shuffle(p, rnd);
    return p;
  }

  public static void shuffle(int[] p, SplittableRandom rnd) {
    for (int i = p.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
  }
}
