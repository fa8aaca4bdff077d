package dev.sweep.worker.model;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The end of a fused layer's forward pass as one Java loop over its rows: {@code z += b} and, for a
 * training pass through plain ReLU, {@code a = relu(z)} into a second array (backprop reads both).
 * DL4J does each as its own op over the whole array (a broadcast add, a copy, the ReLU), three
 * passes with an op's setup each, about 4 % of a batch-256 MLP step (profiled). Same arithmetic,
 * same bits: the add is one float add, and ReLU is libnd4j's {@code x < 0 ? 0 : x} (so -0 and NaN
 * pass through), done on the bits because a float select is a branch the JIT does not vectorise
 * ({@code BiasReluTest} checks both against DL4J). Arrays not in host memory as one float range
 * answer false, and the caller takes DL4J's ops.
 */
final class BiasRelu {
  private static final int CHUNK = 2048;
  // the bits of the most negative finite float: below it (as a signed int) come -inf's and NaNs'
  private static final int LEAST_NEGATIVE = Integer.MIN_VALUE + 1;
  private static final int NEGATIVE_SPAN = 0xff800000 - LEAST_NEGATIVE;

  private float[] zs = new float[0];
  private float[] bs = new float[0];
  private int[] zi = new int[0];

  /** True for the activations whose forward {@link #apply} can write. */
  static boolean plainRelu(IActivation fn) {
    return fn instanceof ActivationReLU r
        && r.getMax() == null
        && (r.getThreshold() == null || r.getThreshold() == 0)
        && (r.getNegativeSlope() == null || r.getNegativeSlope() == 0);
  }

  /**
   * Adds the row vector {@code b} to every row of {@code z} in place and, unless {@code a} is null,
   * writes {@code relu(z)} into {@code a}; false (nothing written) when DL4J's ops must do it.
   */
  boolean apply(INDArray z, INDArray b, INDArray a) {
    if (z.rank() != 2
        || z.ordering() != 'c'
        || !HostFloats.contiguous(z, b)
        || b.length() != z.size(1)
        || (a != null && (!HostFloats.contiguous(a) || a.ordering() != 'c' || !a.equalShapes(z)))) {
      return false;
    }
    int cols = (int) z.size(1);
    int n = (int) z.length();
    int rows = Math.max(1, CHUNK / Math.max(1, cols));
    ensure(rows * cols, cols);
    b.data().asNioFloat().get((int) b.offset(), bs, 0, cols);
    FloatBuffer zb = z.data().asNioFloat();
    int zo = (int) z.offset();
    IntBuffer zInts = a == null ? null : z.data().asNioInt();
    IntBuffer ab = a == null ? null : a.data().asNioInt();
    int ao = a == null ? 0 : (int) a.offset();
    for (int from = 0; from < n; from += rows * cols) {
      int len = Math.min(rows * cols, n - from);
      zb.get(zo + from, zs, 0, len);
      for (int row = 0; row < len; row += cols) {
        for (int j = 0; j < cols; j++) {
          zs[row + j] += bs[j];
        }
      }
      zb.put(zo + from, zs, 0, len);
      if (ab != null) {
        // the sums back as bits (from L1): the loop then stays on ints, which the JIT vectorises
        zInts.get(zo + from, zi, 0, len);
        relu(len);
        ab.put(ao + from, zi, 0, len);
      }
    }
    return true;
  }

  /** {@code relu} of the bits in {@code zi}, in place: zero exactly where z < 0 (-inf too). */
  private void relu(int len) {
    for (int i = 0; i < len; i++) {
      int bits = zi[i];
      int u = bits - LEAST_NEGATIVE;
      // sign bit set exactly when 0 <= u <= NEGATIVE_SPAN, i.e. z < 0
      int negative = (~u & ~(NEGATIVE_SPAN - u)) >> 31;
      zi[i] = bits & ~negative;
    }
  }

  private void ensure(int chunk, int cols) {
    if (zs.length < chunk) {
      zs = new float[chunk];
      zi = new int[chunk];
    }
    if (bs.length < cols) {
      bs = new float[cols];
    }
  }
}
