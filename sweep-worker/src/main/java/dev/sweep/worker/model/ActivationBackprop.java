package dev.sweep.worker.model;

import java.nio.FloatBuffer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A fused dense layer's {@code dL/dz} for ReLU, tanh and sigmoid as a Java loop over the forward
 * pass's output {@code a}, written over {@code z} in place as DL4J's own backprop does. DL4J's
 * {@code tanh_bp} and {@code sigmoid_bp} recompute the activation from {@code z} at about 9 ns per
 * element (a tenth of a tanh network's batch-64 step, measured); from {@code a} it is a multiply or
 * two. The arithmetic is libnd4j's, in its order, so the bits are the same ({@code
 * ActivationBackpropTest} checks them against DL4J). Other activations, and arrays not in host
 * memory as one float range, take DL4J's op.
 */
final class ActivationBackprop {
  private static final int CHUNK = 2048;

  private enum Kind {
    RELU,
    TANH,
    SIGMOID
  }

  private final float[] zs = new float[CHUNK];
  private final float[] as = new float[CHUNK];
  private final float[] es = new float[CHUNK];

  /**
   * Overwrites {@code z} with {@code dL/dz} from the activation's output {@code a} and {@code
   * dL/da}; false (nothing written) when DL4J's op must do it.
   */
  boolean apply(IActivation fn, INDArray z, INDArray a, INDArray eps) {
    Kind kind = kind(fn);
    if (kind == null || !contiguousFloats(z, a, eps)) {
      return false;
    }
    FloatBuffer zb = z.data().asNioFloat();
    FloatBuffer ab = a.data().asNioFloat();
    FloatBuffer eb = eps.data().asNioFloat();
    int zo = (int) z.offset();
    int ao = (int) a.offset();
    int eo = (int) eps.offset();
    int n = (int) z.length();
    // through heap chunks that stay in L1, which the JIT vectorises (see LeanAdamUpdater)
    for (int from = 0; from < n; from += CHUNK) {
      int len = Math.min(CHUNK, n - from);
      eb.get(eo + from, es, 0, len);
      switch (kind) {
        case RELU -> {
          zb.get(zo + from, zs, 0, len);
          for (int i = 0; i < len; i++) {
            zs[i] = zs[i] > 0f ? es[i] : 0f;
          }
        }
        case TANH -> {
          ab.get(ao + from, as, 0, len);
          for (int i = 0; i < len; i++) {
            zs[i] = es[i] * (1f - as[i] * as[i]);
          }
        }
        case SIGMOID -> {
          ab.get(ao + from, as, 0, len);
          for (int i = 0; i < len; i++) {
            zs[i] = es[i] * (as[i] * (1f - as[i]));
          }
        }
      }
      zb.put(zo + from, zs, 0, len);
    }
    return true;
  }

  private static Kind kind(IActivation fn) {
    if (fn instanceof ActivationReLU r) {
      boolean plain =
          r.getMax() == null
              && (r.getThreshold() == null || r.getThreshold() == 0)
              && (r.getNegativeSlope() == null || r.getNegativeSlope() == 0);
      return plain ? Kind.RELU : null;
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
