package dev.sweep.worker.model;

import java.util.List;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The computation of {@link FusedOutput}. Backprop runs the layer's forward pass (as DL4J's output
 * layers do) and keeps what that training forward pass saw: each trial's mean loss and each
 * example's predicted class per trial ({@link #trialLosses}, {@link #predictions}), so train loss
 * and accuracy cost no second pass. The score DL4J asks for right after backprop reuses them.
 */
public final class FusedOutputLayer extends FusedLinear.Impl<FusedOutput> implements IOutputLayer {
  /** DL4J's MCXENT clips probabilities at this before the log. */
  static final double CLIP = 1e-10;

  private INDArray labels;
  private double[] losses;
  private int[] predictions;
  private boolean fresh;

  private final BiasRelu biasRelu = new BiasRelu();

  FusedOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** Each trial's mean loss over the last training batch (before its update). */
  public double[] trialLosses() {
    return losses.clone();
  }

  /** The predicted class of example b for trial t at {@code [b * T + t]}, from the last batch. */
  public int[] predictions() {
    return predictions.clone();
  }

  @Override
  public void setInput(INDArray input, LayerWorkspaceMgr mgr) {
    super.setInput(input, mgr);
    fresh = false;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
    return forward(training, mgr, ArrayType.ACTIVATIONS).probabilities;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
    FusedOutput l = layerConf();
    Pass pass = forward(true, mgr, ArrayType.ACTIVATIONS);
    INDArray delta = pass.probabilities;
    score(delta);
    // d(cross-entropy)/d(logits) = p - y for each trial, summed over the batch as DL4J expects
    for (int t = 0; t < l.trialCount(); t++) {
      FusedMath.columns(delta, t, l.getNOut()).subi(labels);
    }
    FusedMath.gradients(l, pass.input, delta, weightGradients(), biasGradients());
    Gradient gradient = new DefaultGradient();
    gradientViews.forEach(gradient.gradientForVariable()::put);
    if (l.isSharedInput()) {
      return new Pair<>(gradient, null); // the network input: nothing needs its gradient
    }
    INDArray next =
        mgr.createUninitialized(
            ArrayType.ACTIVATION_GRAD, delta.dataType(), delta.size(0), l.inputColumns());
    FusedMath.inputGradient(l, delta, weights(), next);
    if (pass.mask != null) {
      next.muli(pass.mask);
    }
    return new Pair<>(gradient, next);
  }

  @Override
  public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr mgr) {
    if (!fresh) {
      score(forward(training, mgr, ArrayType.FF_WORKING_MEM).probabilities);
    }
    double sum = 0;
    for (double loss : losses) {
      sum += loss;
    }
    score = sum + fullNetRegTerm;
    return score;
  }

  @Override
  public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr mgr) {
    FusedOutput l = layerConf();
    double[] p = flat(forward(false, mgr, ArrayType.FF_WORKING_MEM).probabilities);
    int[] y = labelIndices();
    int classes = (int) l.getNOut();
    double[] perExample = new double[y.length];
    for (int b = 0; b < y.length; b++) {
      perExample[b] = fullNetRegTerm;
      for (int t = 0; t < l.trialCount(); t++) {
        perExample[b] -= Math.log(Math.max(p[(b * l.trialCount() + t) * classes + y[b]], CLIP));
      }
    }
    return mgr.leverageTo(
        ArrayType.ACTIVATIONS,
        Nd4j.createFromArray(perExample).castTo(dataType).reshape(y.length, 1));
  }

  /** Per-trial mean loss and predictions from per-trial probabilities {@code [B, T*C]}. */
  private void score(INDArray probabilities) {
    FusedOutput l = layerConf();
    int trials = l.trialCount();
    int classes = (int) l.getNOut();
    double[] p = flat(probabilities);
    int[] y = labelIndices();
    losses = new double[trials];
    predictions = new int[y.length * trials];
    for (int b = 0; b < y.length; b++) {
      for (int t = 0; t < trials; t++) {
        int base = (b * trials + t) * classes;
        losses[t] -= Math.log(Math.max(p[base + y[b]], CLIP));
        int best = 0;
        for (int k = 1; k < classes; k++) {
          if (p[base + k] > p[base + best]) {
            best = k;
          }
        }
        predictions[b * trials + t] = best;
      }
    }
    for (int t = 0; t < trials; t++) {
      losses[t] /= y.length;
    }
    fresh = true;
  }

  private record Pass(INDArray input, INDArray mask, INDArray probabilities) {}

  private Pass forward(boolean training, LayerWorkspaceMgr mgr, ArrayType type) {
    FusedOutput l = layerConf();
    INDArray x = checkedInput();
    INDArray mask = null;
    if (training && !l.isSharedInput() && TrialDropout.active(l)) {
      mask =
          TrialDropout.masks(
              l, x.size(0), l.getNIn(), getEpochCount(), getIterationCount(), index, mgr);
      x = x.mul(mask);
    }
    long rows = x.size(0);
    INDArray p = mgr.createUninitialized(type, dataType, rows, l.getNOut() * l.trialCount());
    FusedMath.forward(l, x, weights(), biases(), p, biasRelu, null);
    // c order: each row of [B*T, C] is one example's logits for one trial
    INDArray perTrial = p.reshape('c', new long[] {rows * l.trialCount(), l.getNOut()});
    Nd4j.exec(new SoftMax(perTrial, perTrial));
    return new Pass(x, mask, p);
  }

  private int[] labelIndices() {
    if (labels == null) {
      throw new IllegalStateException("no labels set on the output layer");
    }
    double[] onehot = flat(labels);
    int classes = (int) labels.size(1);
    int[] y = new int[(int) labels.size(0)];
    for (int b = 0; b < y.length; b++) {
      for (int k = 0; k < classes; k++) {
        if (onehot[b * classes + k] != 0) {
          y[b] = k;
          break;
        }
      }
    }
    return y;
  }

  /**
   * The elements in c order, as doubles. A float array is read from its buffer in bulk and widened
   * (exactly): ND4J's element-wise {@code toDoubleVector}, twice per step, cost several times more.
   */
  private static double[] flat(INDArray a) {
    if (a.ordering() != 'c' || !HostFloats.contiguous(a)) {
      return a.reshape('c', new long[] {a.length()}).toDoubleVector();
    }
    float[] floats = new float[(int) a.length()];
    a.data().asNioFloat().get((int) a.offset(), floats);
    double[] out = new double[floats.length];
    for (int i = 0; i < floats.length; i++) {
      out[i] = floats[i];
    }
    return out;
  }

  @Override
  public boolean needsLabels() {
    return true;
  }

  @Override
  public void setLabels(INDArray labels) {
    this.labels = labels;
    fresh = false;
  }

  @Override
  public INDArray getLabels() {
    return labels;
  }

  @Override
  public void clear() {
    super.clear();
    labels = null;
    fresh = false;
  }

  @Override
  public int numLabels() {
    return (int) layerConf().getNOut();
  }

  // The Classifier conveniences below address a single model; the network is used through
  // MultiLayerNetwork instead.

  @Override
  public double f1Score(DataSet data) {
    throw new UnsupportedOperationException("use the network");
  }

  @Override
  public double f1Score(INDArray examples, INDArray labels) {
    throw new UnsupportedOperationException("use the network");
  }

  @Override
  public void fit(DataSetIterator iter) {
    throw new UnsupportedOperationException("use the network");
  }

  @Override
  public int[] predict(INDArray examples) {
    throw new UnsupportedOperationException("use the network");
  }

  @Override
  public List<String> predict(DataSet dataSet) {
    throw new UnsupportedOperationException("use the network");
  }

  @Override
  public void fit(INDArray examples, INDArray labels) {
    throw new UnsupportedOperationException("use the network");
  }

  @Override
  public void fit(DataSet data) {
    throw new UnsupportedOperationException("use the network");
  }

  @Override
  public void fit(INDArray examples, int[] labels) {
    throw new UnsupportedOperationException("use the network");
  }
}
