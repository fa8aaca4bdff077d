package dev.sweep.worker.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The activations between mixer layers. DL4J sees {@code [B, T*P*D]}, but the buffer is laid out
 * {@code [T, P, B, D]} (c-order): trial t's block is contiguous, and inside it the same floats are
 * both {@code [P*B, D]} (one row per patch of each example: the channel MLP's operand) and {@code
 * [P, B*D]} (one row per patch position: the token MLP's operand). So every product in a block is
 * one plain gemm and no permute is ever needed. Only the mixer's own layers read this layout; the
 * stem reads the images {@code [B, 784]} and {@link PatchMean} writes the ordinary {@code [B, T*D]}
 * (trial t's features in columns {@code [t*D, (t+1)*D)}).
 */
final class MixerLayout {
  private MixerLayout() {}

  /** Trial t's contiguous block of {@code a} as a c-order {@code [rows, cols]} view. */
  static INDArray trial(INDArray a, int trials, int t, long rows, long cols) {
    INDArray flat = a.reshape('c', new long[] {a.length()});
    long block = rows * cols;
    if (flat.length() != trials * block) {
      throw new IllegalArgumentException(
          "expected " + trials + " x " + rows + " x " + cols + " values, got " + flat.length());
    }
    return flat.get(NDArrayIndex.interval(t * block, (t + 1) * block)).reshape('c', rows, cols);
  }
}
