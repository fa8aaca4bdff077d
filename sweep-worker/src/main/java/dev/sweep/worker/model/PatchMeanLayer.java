package dev.sweep.worker.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Forward and backward pass of {@link PatchMean}; no parameters. */
final class PatchMeanLayer extends TrialLayer<PatchMean> {

  PatchMeanLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
    assertInputSet(false);
    PatchMean c = layerConf();
    int trials = c.getTrials();
    long p = c.getPatches();
    long d = c.getHiddenDim();
    long batch = input.size(0);
    INDArray out =
        mgr.createUninitialized(
            ArrayType.ACTIVATIONS, input.dataType(), new long[] {batch, trials * d}, 'c');
    INDArray mean =
        trials == 1
            ? out
            : mgr.createUninitialized(
                ArrayType.FF_WORKING_MEM, input.dataType(), new long[] {batch, d}, 'c');
    for (int t = 0; t < trials; t++) {
      Sums.ofColumns(
          MixerLayout.trial(input, trials, t, p, batch * d),
          mean,
          1.0 / p,
          mgr,
          ArrayType.FF_WORKING_MEM);
      if (trials > 1) {
        features(out, t, d).assign(mean);
      }
    }
    return out;
  }

  /** Trial t's columns of a {@code [B, T*D]} array. */
  private static INDArray features(INDArray a, int t, long d) {
    return a.get(NDArrayIndex.all(), NDArrayIndex.interval(t * d, (t + 1) * d));
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
    PatchMean c = layerConf();
    int trials = c.getTrials();
    long p = c.getPatches();
    long d = c.getHiddenDim();
    long batch = epsilon.size(0);
    INDArray dInput =
        mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), input.shape(), 'c');
    for (int t = 0; t < trials; t++) {
      INDArray dx = MixerLayout.trial(dInput, trials, t, p, batch * d);
      INDArray share = features(epsilon, t, d).dup('c').reshape('c', 1, batch * d).divi(p);
      dx.assign(0).addiRowVector(share);
    }
    return new Pair<>(gradients(), dInput);
  }
}
