package dev.sweep.worker.model;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A fused dense layer's {@code dL/dz} for ReLU, tanh and sigmoid as a Java loop over the forward
 * pass's output {@code a}, written over {@code z} in place as DL4J's own backprop does, and in the
 * same pass the bias gradient (the column sums of {@code dL/dz}). DL4J's {@code tanh_bp} and {@code
 * sigmoid_bp} recompute the activation from {@code z} at about 9 ns per element (a tenth of a tanh
 * network's batch-64 step, measured); from {@code a} it is a multiply or two. ReLU's is a bit mask
 * on the integer bits: a float select is a branch the JIT does not vectorise, and with signs at
 * random it mispredicted half the time (4.6 ns per element, measured). The bias sums add the rows
 * in order, as libnd4j's sum along dimension 0 does. The arithmetic is libnd4j's, in its order, so
 * the bits are the same ({@code ActivationBackpropTest} checks them against DL4J). Other
 * activations, and arrays not in host memory as one float range, take DL4J's ops.
 */
final class ActivationBackprop {
  private static final int CHUNK = 2048;
  private static final int INFINITY_BITS = 0x7f800000;

  private enum Kind {
    RELU,
    TANH,
    SIGMOID
  }

  private float[] zs = new float[0];
  private float[] as = new float[0];
  private float[] es = new float[0];
  private int[] zi = new int[0];
  private int[] ei = new int[0];
  private float[] sums = new float[0];

  /**
   * Overwrites {@code z} (rows of a batch) with {@code dL/dz} from the activation's output {@code
   * a} and {@code dL/da}, and {@code biasGrad} with its column sums; false (nothing written) when
   * DL4J's ops must do both.
   */
  boolean apply(IActivation fn, INDArray z, INDArray a, INDArray eps, INDArray biasGrad) {
    Kind kind = kind(fn);
    if (kind == null
        || z.rank() != 2
        || !contiguousFloats(z, a, eps)
        || !HostFloats.contiguous(biasGrad)
        || biasGrad.length() != z.size(1)) {
      return false;
    }
    int cols = (int) z.size(1);
    int n = (int) z.length();
    // whole rows per chunk, small enough to stay in L1, which the JIT vectorises
    int rows = Math.max(1, CHUNK / Math.max(1, cols));
    ensure(rows * cols, cols);
    Arrays.fill(sums, 0, cols, 0f);
    // one NIO view of each buffer per call: ND4J makes a new one (and its byte buffer) per ask
    FloatBuffer zb = z.data().asNioFloat();
    IntBuffer zInts = kind == Kind.RELU ? z.data().asNioInt() : null;
    IntBuffer eInts = kind == Kind.RELU ? eps.data().asNioInt() : null;
    FloatBuffer ab = kind == Kind.RELU ? null : a.data().asNioFloat();
    FloatBuffer eb = kind == Kind.RELU ? null : eps.data().asNioFloat();
    int zo = (int) z.offset();
    int ao = (int) a.offset();
    int eo = (int) eps.offset();
    for (int from = 0; from < n; from += rows * cols) {
      int len = Math.min(rows * cols, n - from);
      if (kind == Kind.RELU) {
        relu(zInts, zo + from, eInts, eo + from, len);
        zb.get(zo + from, zs, 0, len);
      } else {
        ab.get(ao + from, as, 0, len);
        eb.get(eo + from, es, 0, len);
        if (kind == Kind.TANH) {
          for (int i = 0; i < len; i++) {
            zs[i] = es[i] * (1f - as[i] * as[i]);
          }
        } else {
          for (int i = 0; i < len; i++) {
            zs[i] = es[i] * (as[i] * (1f - as[i]));
          }
        }
        zb.put(zo + from, zs, 0, len);
      }
      for (int row = 0; row < len; row += cols) {
        for (int j = 0; j < cols; j++) {
          sums[j] += zs[row + j];
        }
      }
    }
    biasGrad.data().asNioFloat().put((int) biasGrad.offset(), sums, 0, cols);
    return true;
  }

  /** {@code z > 0 ? eps : +0}, with z's bits (NaN is not above 0, +0 and -0 are not either). */
  private void relu(IntBuffer z, int zAt, IntBuffer eps, int eAt, int len) {
    eps.get(eAt, ei, 0, len);
    z.get(zAt, zi, 0, len);
    for (int i = 0; i < len; i++) {
      int b = zi[i];
      // sign bit set exactly when 0 < b <= +infinity's bits, i.e. z > 0
      zi[i] = ei[i] & (((-b) & ~b & ~(INFINITY_BITS - b)) >> 31);
    }
    z.put(zAt, zi, 0, len);
  }

  private void ensure(int chunk, int cols) {
    if (zs.length < chunk) {
      zs = new float[chunk];
      as = new float[chunk];
      es = new float[chunk];
      zi = new int[chunk];
      ei = new int[chunk];
    }
    if (sums.length < cols) {
      sums = new float[cols];
    }
  }

  private static Kind kind(IActivation fn) {
    if (fn instanceof ActivationReLU) {
      return BiasRelu.plainRelu(fn) ? Kind.RELU : null;
    }
    if (fn instanceof ActivationTanH) {
      return Kind.TANH;
    }
    return fn instanceof ActivationSigmoid ? Kind.SIGMOID : null;
  }

  private static boolean contiguousFloats(INDArray z, INDArray a, INDArray eps) {
    return HostFloats.contiguous(z, a, eps)
        && z.ordering() == 'c'
        && a.ordering() == 'c'
        && eps.ordering() == 'c'
        && z.equalShapes(a)
        && z.equalShapes(eps);
  }
}
