package dev.sweep.worker.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Forward and backward pass of {@link MixerBlock} for each trial, on the {@link MixerLayout}: the
 * token MLP works on the {@code [P, B*D]} view (samples in columns), the channel MLP on the {@code
 * [P*B, D]} view (samples in rows), both without copies.
 */
final class MixerBlockLayer extends TrialLayer<MixerBlock> {
  private MixerActivation activation;
  private MixerMlp[] token;
  private MixerMlp[] channel;
  private LayerNormPass[] norm1;
  private LayerNormPass[] norm2;

  /** True between a training forward pass and its backprop, which needs the passes' state. */
  private boolean forwarded;

  MixerBlockLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  private void ensurePasses() {
    if (token != null) {
      return;
    }
    int trials = layerConf().getTrials();
    activation = new MixerActivation(layerConf().getActivationFn());
    token = new MixerMlp[trials];
    channel = new MixerMlp[trials];
    norm1 = new LayerNormPass[trials];
    norm2 = new LayerNormPass[trials];
    for (int t = 0; t < trials; t++) {
      token[t] = new MixerMlp("W1." + t, "b1." + t, "W2." + t, "b2." + t, true);
      channel[t] = new MixerMlp("W3." + t, "b3." + t, "W4." + t, "b4." + t, false);
      norm1[t] = new LayerNormPass("ln1g." + t, "ln1b." + t);
      norm2[t] = new LayerNormPass("ln2g." + t, "ln2b." + t);
    }
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
    assertInputSet(false);
    ensurePasses();
    MixerBlock c = layerConf();
    int trials = c.getTrials();
    long p = c.getPatches();
    long d = c.getHiddenDim();
    long batch = input.size(0);
    long rows = p * batch;
    DataType dt = input.dataType();
    INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, dt, input.shape(), 'c');
    INDArray tokenDraws = dropoutDraws(training, c.getTokenDim(), batch * d, 0);
    INDArray channelDraws = dropoutDraws(training, rows, c.getChannelDim(), 1);
    ArrayType keep = training ? ArrayType.ACTIVATIONS : ArrayType.FF_WORKING_MEM;
    for (int t = 0; t < trials; t++) {
      INDArray x = MixerLayout.trial(input, trials, t, rows, d);
      INDArray a = c.isLayerNorm() ? norm1[t].forward(params, x, training, mgr) : x;
      INDArray o1 = mgr.createUninitialized(keep, dt, new long[] {rows, d}, 'c');
      if (c.isSkip()) {
        o1.assign(x);
      }
      token[t].forward(
          params,
          tokens(a, p),
          tokens(o1, p),
          c.isSkip(),
          activation,
          c.dropout(t),
          tokenDraws,
          training,
          mgr);
      INDArray cIn = c.isLayerNorm() ? norm2[t].forward(params, o1, training, mgr) : o1;
      INDArray o2 = MixerLayout.trial(out, trials, t, rows, d);
      if (c.isSkip()) {
        o2.assign(o1);
      }
      channel[t].forward(
          params, cIn, o2, c.isSkip(), activation, c.dropout(t), channelDraws, training, mgr);
    }
    forwarded = training;
    return out;
  }

  /** The {@code [P*B, D]} buffer as the token MLP's {@code [P, B*D]} operand (a view). */
  private static INDArray tokens(INDArray rowsByFeature, long patches) {
    return rowsByFeature.reshape('c', patches, rowsByFeature.length() / patches);
  }

  /**
   * One U[0,1) draw per hidden unit, shared by all trials, if any trial uses dropout. Seeded from
   * (seed, epoch, iteration, layer, which MLP) like {@link TrialDropout}, so a resumed run draws
   * the same masks without the RNG's state in the checkpoint.
   */
  private INDArray dropoutDraws(boolean training, long rows, long cols, int mlp) {
    MixerBlock c = layerConf();
    for (int t = 0; training && t < c.getTrials(); t++) {
      if (c.dropout(t) > 0) {
        Nd4j.getRandom()
            .setSeed(
                TrialDropout.seed(
                    c.getDropoutSeed(), getEpochCount(), getIterationCount(), 2 * index + mlp));
        return Nd4j.rand(dataType, 'c', rows, cols);
      }
    }
    return null;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
    if (!forwarded) {
      throw new IllegalStateException("backprop without a training forward pass");
    }
    forwarded = false;
    MixerBlock c = layerConf();
    int trials = c.getTrials();
    long p = c.getPatches();
    long d = c.getHiddenDim();
    long rows = p * input.size(0);
    DataType dt = epsilon.dataType();
    INDArray dInput = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dt, epsilon.shape(), 'c');
    for (int t = 0; t < trials; t++) {
      INDArray g = MixerLayout.trial(epsilon, trials, t, rows, d);
      INDArray dx = MixerLayout.trial(dInput, trials, t, rows, d);
      INDArray dcIn =
          mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dt, new long[] {rows, d}, 'c');
      channel[t].backward(params, gradientViews, g, dcIn, activation, mgr);
      INDArray dO1 = dcIn;
      if (c.isLayerNorm()) {
        dO1 = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dt, new long[] {rows, d}, 'c');
        norm2[t].backward(params, gradientViews, dcIn, dO1, mgr);
      }
      if (c.isSkip()) {
        dO1.addi(g);
      }
      INDArray da =
          c.isLayerNorm()
              ? mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dt, new long[] {rows, d}, 'c')
              : dx;
      token[t].backward(params, gradientViews, tokens(dO1, p), tokens(da, p), activation, mgr);
      if (c.isLayerNorm()) {
        norm1[t].backward(params, gradientViews, da, dx, mgr);
      }
      if (c.isSkip()) {
        dx.addi(dO1);
      }
    }
    return new Pair<>(gradients(), dInput);
  }

  @Override
  public void clear() {
    super.clear();
    forwarded = false;
    if (token != null) {
      for (int t = 0; t < token.length; t++) {
        token[t].clear();
        channel[t].clear();
      }
    }
  }
}
