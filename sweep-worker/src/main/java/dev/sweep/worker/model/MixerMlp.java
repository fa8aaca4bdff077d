package dev.sweep.worker.model;

import java.util.Map;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One trial's two-layer MLP inside a mixer block, with its hand-written backward pass. The channel
 * MLP has its samples in rows, {@code out (+)= drop(g(x W1 + b1)) W2 + b2}; the token MLP has them
 * in columns, {@code out (+)= W2ᵀ drop(g(W1ᵀ x + b1)) + b2}, so that every array it touches is a
 * plain c-order buffer (libnd4j's element-wise ops are several times slower on transposed views).
 * Every product is one gemm, bias gradients included ({@link Sums}). The forward pass keeps what
 * the backward pass needs (x, the pre-activation z, the activation h, the dropout mask and the
 * dropped h) in the training workspace, which DL4J keeps open until backprop has finished.
 */
final class MixerMlp {
  private final String w1;
  private final String b1;
  private final String w2;
  private final String b2;
  private final boolean columns;
  private INDArray x;
  private INDArray z;
  private INDArray h;
  private INDArray dropped;
  private INDArray mask;

  /**
   * @param columns true if samples are the columns of x and out (token mixing), false if rows
   */
  MixerMlp(String w1, String b1, String w2, String b2, boolean columns) {
    this.w1 = w1;
    this.b1 = b1;
    this.w2 = w2;
    this.b2 = b2;
    this.columns = columns;
  }

  /** out = a·w (samples in rows) or wᵀ·a (samples in columns), plus beta times out. */
  private void forwardProduct(INDArray a, INDArray w, INDArray out, double beta) {
    if (columns) {
      Nd4j.gemm(w, a, out, true, false, 1.0, beta);
    } else {
      Nd4j.gemm(a, w, out, false, false, 1.0, beta);
    }
  }

  /** d(input) = g·wᵀ (samples in rows) or w·g (samples in columns). */
  private void inputGradient(INDArray g, INDArray w, INDArray out) {
    if (columns) {
      Nd4j.gemm(w, g, out, false, false, 1.0, 0.0);
    } else {
      Nd4j.gemm(g, w, out, false, true, 1.0, 0.0);
    }
  }

  /** dW for a product with input a and output gradient g: aᵀ·g, or a·gᵀ with samples in columns. */
  private void weightGradient(INDArray a, INDArray g, INDArray dw) {
    if (columns) {
      Nd4j.gemm(a, g, dw, false, true, 1.0, 0.0);
    } else {
      Nd4j.gemm(a, g, dw, true, false, 1.0, 0.0);
    }
  }

  private void addBias(INDArray m, INDArray bias) {
    if (columns) {
      m.addiColumnVector(bias.reshape('c', bias.length(), 1));
    } else {
      m.addiRowVector(bias);
    }
  }

  /** Sum of g over the samples into the bias gradient view {@code [1, n]}. */
  private void biasGradient(INDArray g, INDArray db, LayerWorkspaceMgr mgr) {
    if (columns) {
      Sums.ofRows(g, db, mgr);
    } else {
      Sums.ofColumns(g, db, 1.0, mgr, ArrayType.BP_WORKING_MEM);
    }
  }

  /**
   * Writes the MLP of {@code input} into {@code out}, or adds it when {@code accumulate} (a
   * residual already stored there). {@code uniform} holds U[0,1) draws shaped like the hidden
   * layer, shared by the trials of a group, or is null without dropout.
   */
  void forward(
      Map<String, INDArray> params,
      INDArray input,
      INDArray out,
      boolean accumulate,
      MixerActivation activation,
      double dropout,
      INDArray uniform,
      boolean training,
      LayerWorkspaceMgr mgr) {
    INDArray w = params.get(w1);
    ArrayType keep = training ? ArrayType.ACTIVATIONS : ArrayType.FF_WORKING_MEM;
    long[] hidden =
        columns ? new long[] {w.size(1), input.size(1)} : new long[] {input.size(0), w.size(1)};
    INDArray pre = mgr.createUninitialized(keep, input.dataType(), hidden, 'c');
    forwardProduct(input, w, pre, 0.0);
    addBias(pre, params.get(b1));
    INDArray act = pre;
    if (activation.needsInput()) {
      act = mgr.createUninitialized(keep, input.dataType(), hidden, 'c').assign(pre);
    }
    act = activation.apply(act, training);
    INDArray m = null;
    if (training && dropout > 0) {
      // inverted dropout: keep a unit where its draw is >= the rate, scaled by 1/(1-rate)
      m = mgr.createUninitialized(keep, act.dataType(), hidden, 'c');
      m.assign(uniform.gte(dropout)).muli(1.0 / (1.0 - dropout));
    }
    // the activation's derivative needs the undropped h, the second product the dropped one
    INDArray used = m == null ? act : mgr.createUninitialized(keep, act.dataType(), hidden, 'c');
    if (m != null) {
      used.assign(act).muli(m);
    }
    forwardProduct(used, params.get(w2), out, accumulate ? 1.0 : 0.0);
    addBias(out, params.get(b2));
    if (training) {
      x = input;
      z = pre;
      h = act;
      dropped = used;
      mask = m;
    }
  }

  /**
   * Given {@code g} = dL/d(out), fills this trial's gradient views and writes dL/dx into {@code
   * dx}. Consumes the stored forward state.
   */
  void backward(
      Map<String, INDArray> params,
      Map<String, INDArray> grads,
      INDArray g,
      INDArray dx,
      MixerActivation activation,
      LayerWorkspaceMgr mgr) {
    if (z == null) {
      throw new IllegalStateException("backprop without a training forward pass");
    }
    biasGradient(g, grads.get(b2), mgr);
    weightGradient(dropped, g, grads.get(w2));
    INDArray dh = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, g.dataType(), h.shape(), 'c');
    inputGradient(g, params.get(w2), dh);
    if (mask != null) {
      dh.muli(mask);
    }
    INDArray dz = activation.backprop(z, h, dh, mgr);
    biasGradient(dz, grads.get(b1), mgr);
    weightGradient(x, dz, grads.get(w1));
    inputGradient(dz, params.get(w1), dx);
    clear();
  }

  void clear() {
    x = null;
    z = null;
    h = null;
    dropped = null;
    mask = null;
  }
}
