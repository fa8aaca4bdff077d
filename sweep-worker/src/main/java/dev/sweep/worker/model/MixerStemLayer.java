package dev.sweep.worker.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Forward and backward pass of {@link MixerStem}. */
final class MixerStemLayer extends TrialLayer<MixerStem> {
  /** The patches {@code [P*B, p*p]} of the last training forward pass, for the weight gradient. */
  private INDArray patches;

  MixerStemLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
    assertInputSet(false);
    MixerStem c = layerConf();
    int side = c.side();
    int p = c.getPatchSize();
    long batch = input.size(0);
    long rows = c.patches() * batch;
    // pixel (row, col) = (i*p + a, j*p + k): [B, i, a, j, k] -> [i, j, B, a, k] = [P*B, p*p]
    INDArray x =
        mgr.createUninitialized(
            training ? ArrayType.ACTIVATIONS : ArrayType.FF_WORKING_MEM,
            input.dataType(),
            new long[] {side, side, batch, p, p},
            'c');
    x.assign(input.reshape('c', batch, side, p, side, p).permute(1, 3, 0, 2, 4));
    x = x.reshape('c', rows, (long) p * p);
    int trials = c.getTrials();
    long d = c.getHiddenDim();
    INDArray out =
        mgr.createUninitialized(
            ArrayType.ACTIVATIONS,
            input.dataType(),
            new long[] {batch, trials * c.patches() * d},
            'c');
    for (int t = 0; t < trials; t++) {
      INDArray o = MixerLayout.trial(out, trials, t, rows, d);
      Nd4j.gemm(x, getParam("W." + t), o, false, false, 1.0, 0.0);
      o.addiRowVector(getParam("b." + t));
    }
    patches = training ? x : null;
    return out;
  }

  /**
   * Gradients of W and b only: the stem is always the network's first layer, and DL4J discards the
   * gradient with respect to the images, so none is computed (null is allowed there).
   */
  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
    if (patches == null) {
      throw new IllegalStateException("backprop without a training forward pass");
    }
    MixerStem c = layerConf();
    int trials = c.getTrials();
    long d = c.getHiddenDim();
    for (int t = 0; t < trials; t++) {
      INDArray e = MixerLayout.trial(epsilon, trials, t, patches.size(0), d);
      Nd4j.gemm(patches, e, gradientViews.get("W." + t), true, false, 1.0, 0.0);
      Sums.ofColumns(e, gradientViews.get("b." + t), 1.0, mgr, ArrayType.BP_WORKING_MEM);
    }
    patches = null;
    return new Pair<>(gradients(), null);
  }

  @Override
  public void clear() {
    super.clear();
    patches = null;
  }
}
