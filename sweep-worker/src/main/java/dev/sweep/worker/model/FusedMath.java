package dev.sweep.worker.model;

import dev.sweep.worker.model.DirectGemm.Block;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The products of a fused dense map, written into caller-provided arrays. A layer whose input is
 * shared by all trials needs one product for all of them (their weights side by side); a later
 * layer needs one per trial, on its own columns (a block-diagonal product as T products).
 */
final class FusedMath {
  private FusedMath() {}

  /** Trial t's columns {@code [t*width, (t+1)*width)} of a {@code [B, T*width]} array (a view). */
  static INDArray columns(INDArray a, int t, long width) {
    return a.get(NDArrayIndex.all(), NDArrayIndex.interval(t * width, (t + 1) * width));
  }

  /**
   * {@code c = op(a) op(b)} into c, which may be a column view: {@code Nd4j.gemm} refuses views,
   * the matmul op it wraps handles their strides.
   */
  static void gemm(
      INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double alpha, double beta) {
    if (!DirectGemm.gemm(
        Block.whole(a), Block.whole(b), Block.whole(c), ta, tb, (float) alpha, (float) beta)) {
      mmul(a, b, c, ta, tb, alpha, beta);
    }
  }

  /** DL4J's matmul op, for what {@link DirectGemm} cannot address. */
  private static void mmul(
      INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double alpha, double beta) {
    Nd4j.exec(
        new Mmul(
            a, b, c, alpha, beta, MMulTranspose.builder().transposeA(ta).transposeB(tb).build()));
  }

  /**
   * {@code out = x W + b}, per trial unless the input is shared; and {@code a = relu(out)} unless
   * {@code a} is null (only for plain ReLU, see {@link BiasRelu#plainRelu}).
   */
  static void forward(
      FusedLayer l, INDArray x, INDArray w, INDArray b, INDArray out, BiasRelu loop, INDArray a) {
    long in = l.getNIn();
    long n = l.getNOut();
    product(l, l.isSharedInput(), x, in, w, n, out, n, false, false);
    if (!loop.apply(out, b, a)) {
      out.addiRowVector(b);
      if (a != null) {
        a.assign(out);
        l.getActivationFn().getActivation(a, true);
      }
    }
  }

  /**
   * Weight and bias gradients (sums over the batch) from {@code delta = dL/d(xW+b)}; no bias
   * gradient when {@code biasGrad} is null (the caller summed it already).
   */
  static void gradients(
      FusedLayer l, INDArray x, INDArray delta, INDArray weightGrad, INDArray biasGrad) {
    long in = l.getNIn();
    long n = l.getNOut();
    product(l, l.isSharedInput(), x, in, delta, n, weightGrad, n, true, false);
    if (biasGrad != null) {
      delta.sum(biasGrad, 0);
    }
  }

  /** {@code out = delta Wᵀ}, per trial: the gradient for the previous layer's activations. */
  static void inputGradient(FusedLayer l, INDArray delta, INDArray w, INDArray out) {
    long n = l.getNOut();
    product(l, false, delta, n, w, n, out, l.getNIn(), false, true);
  }

  /**
   * {@code c = op(a) op(b)}: one product when {@code whole} (or for one trial), else one per trial
   * on each trial's columns of a, b and c, which are {@code aw}, {@code bw}, {@code cw} wide.
   */
  private static void product(
      FusedLayer l,
      boolean whole,
      INDArray a,
      long aw,
      INDArray b,
      long bw,
      INDArray c,
      long cw,
      boolean ta,
      boolean tb) {
    if (whole || l.trialCount() == 1) {
      gemm(a, b, c, ta, tb, 1.0, 0.0);
      return;
    }
    for (int t = 0; t < l.trialCount(); t++) {
      // in place: views would cost three registered buffers per product (DirectGemm)
      if (!DirectGemm.gemm(
          new Block(a, t * aw, aw),
          new Block(b, t * bw, bw),
          new Block(c, t * cw, cw),
          ta,
          tb,
          1f,
          0f)) {
        mmul(columns(a, t, aw), columns(b, t, bw), columns(c, t, cw), ta, tb, 1.0, 0.0);
      }
    }
  }
}
