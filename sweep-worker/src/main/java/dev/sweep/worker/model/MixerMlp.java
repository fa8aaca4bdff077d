package dev.sweep.worker.model;

import java.util.Map;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One trial's two-layer MLP inside a mixer block, {@code out (+)= drop(g(x W1 + b1)) W2 + b2}, with
 * its hand-written backward pass. Rows of x are independent samples; the token MLP passes
 * transposed ('f'-order) views of the block's buffers, the channel MLP plain ones, so both are the
 * same code and every product is one gemm. The forward pass keeps what the backward pass needs (x,
 * the pre-activation z, the activation h and the dropout mask) in the training workspace, which
 * DL4J keeps open until backprop has finished.
 */
final class MixerMlp {
  private final String w1;
  private final String b1;
  private final String w2;
  private final String b2;
  private final char order;
  private INDArray x;
  private INDArray z;
  private INDArray h;
  private INDArray mask;

  MixerMlp(String w1, String b1, String w2, String b2, char order) {
    this.w1 = w1;
    this.b1 = b1;
    this.w2 = w2;
    this.b2 = b2;
    this.order = order;
  }

  /**
   * Writes the MLP of {@code x} into {@code out}, or adds it when {@code accumulate} (a residual
   * already stored there). {@code uniform} holds U[0,1) draws shaped like the hidden layer, shared
   * by the trials of a group, or is null without dropout.
   */
  void forward(
      Map<String, INDArray> params,
      INDArray input,
      INDArray out,
      boolean accumulate,
      IActivation activation,
      double dropout,
      INDArray uniform,
      boolean training,
      LayerWorkspaceMgr mgr) {
    INDArray w = params.get(w1);
    ArrayType keep = training ? ArrayType.ACTIVATIONS : ArrayType.FF_WORKING_MEM;
    long[] hidden = {input.size(0), w.size(1)};
    INDArray pre = mgr.createUninitialized(keep, input.dataType(), hidden, order);
    Nd4j.gemm(input, w, pre, false, false, 1.0, 0.0);
    pre.addiRowVector(params.get(b1));
    INDArray act = mgr.createUninitialized(keep, input.dataType(), hidden, order);
    act.assign(pre);
    act = activation.getActivation(act, training);
    INDArray m = null;
    if (training && dropout > 0) {
      m = uniform.gte(dropout).castTo(act.dataType()).muli(1.0 / (1.0 - dropout));
      act.muli(m);
    }
    Nd4j.gemm(act, params.get(w2), out, false, false, 1.0, accumulate ? 1.0 : 0.0);
    out.addiRowVector(params.get(b2));
    if (training) {
      x = input;
      z = pre;
      h = act;
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
      IActivation activation,
      LayerWorkspaceMgr mgr) {
    if (z == null) {
      throw new IllegalStateException("backprop without a training forward pass");
    }
    grads.get(b2).assign(g.sum(0));
    Nd4j.gemm(h, g, grads.get(w2), true, false, 1.0, 0.0);
    INDArray dh = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, g.dataType(), h.shape(), order);
    Nd4j.gemm(g, params.get(w2), dh, false, true, 1.0, 0.0);
    if (mask != null) {
      dh.muli(mask);
    }
    INDArray dz = activation.backprop(z, dh).getFirst();
    grads.get(b1).assign(dz.sum(0));
    Nd4j.gemm(x, dz, grads.get(w1), true, false, 1.0, 0.0);
    Nd4j.gemm(dz, params.get(w1), dx, false, true, 1.0, 0.0);
    clear();
  }

  void clear() {
    x = null;
    z = null;
    h = null;
    mask = null;
  }
}
