package dev.sweep.worker.training;

import dev.sweep.contract.Normalize;
import dev.sweep.worker.data.Batches;
import dev.sweep.worker.data.FashionMnist;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Loss and accuracy of every trial of a fused network in inference mode, in passes of at most
 * {@link #ROWS_PER_PASS} rows (fewer if a quarter of the native memory still free holds fewer). The
 * loss is the mean negative log of the softmax probability of the true class, clipped as DL4J's
 * MCXENT clips it.
 *
 * <p>Why not the whole set in one pass: measured on a group of 4 (10k validation images, load 5 on
 * 2 cores), one 10,000-row pass took 0.8-1.0 s on the MLP [256, 128] and 22-34 s on the seed Mixer,
 * passes of 512 rows 0.45-0.54 s and 3.4-4.8 s. A whole-set pass's activations (hundreds of MB for
 * the Mixer) leave the caches, and DL4J zeroes the inference workspace that holds them on every
 * call; at 1,024 rows the Mixer was already 2-3x slower than at 512.
 */
final class Evaluator {
  private static final double CLIP = 1e-10;
  private static final long MIN_BUDGET = 64L << 20;
  static final int ROWS_PER_PASS = 512;

  private final MultiLayerNetwork net;
  private final int trials;
  private final long bytesPerRow;
  private final Normalize normalize;
  private Batches buffer;

  Evaluator(MultiLayerNetwork net, int trials, Normalize normalize) {
    this.net = net;
    this.normalize = normalize;
    this.trials = trials;
    // inference keeps the input and two layers' activations; the widest layer bounds both
    long widest = FashionMnist.PIXELS;
    for (NeuralNetConfiguration c : net.getLayerWiseConfigurations().getConfs()) {
      if (c.getLayer() instanceof FeedForwardLayer f) {
        widest = Math.max(widest, f.getNOut() * trials);
      }
    }
    this.bytesPerRow = Float.BYTES * (FashionMnist.PIXELS * 2L + 3 * widest);
  }

  /** Rows per forward pass for a set of {@code rows} images. */
  int rowsPerPass(int rows) {
    long free = Pointer.maxBytes() - Pointer.totalBytes();
    long budget = Math.max(MIN_BUDGET, free / 4);
    return (int) Math.max(1, Math.min(Math.min(rows, ROWS_PER_PASS), budget / bytesPerRow));
  }

  /** Per trial, in trial order. An empty set gives NaN loss and accuracy. */
  List<LossAndAccuracy> evaluate(byte[] images, byte[] labels, int[] rows) {
    double[] lossSum = new double[trials];
    long[] correct = new long[trials];
    int chunk = rowsPerPass(Math.max(1, rows.length));
    if (buffer == null || buffer.capacity() < chunk) {
      buffer = new Batches(chunk, normalize);
    }
    for (int from = 0; from < rows.length; from += chunk) {
      int to = Math.min(rows.length, from + chunk);
      DataSet ds = buffer.fill(images, labels, rows, from, to);
      int[] y = buffer.labelIndices();
      INDArray out = net.output(ds.getFeatures(), false);
      float[] p = out.reshape('c', new long[] {out.length()}).toFloatVector();
      for (int r = 0; r < to - from; r++) {
        for (int t = 0; t < trials; t++) {
          int base = (r * trials + t) * FashionMnist.CLASSES;
          lossSum[t] -= Math.log(Math.max(p[base + y[r]], CLIP));
          if (argMax(p, base) == y[r]) {
            correct[t]++;
          }
        }
      }
    }
    List<LossAndAccuracy> result = new ArrayList<>(trials);
    for (int t = 0; t < trials; t++) {
      result.add(new LossAndAccuracy(lossSum[t] / rows.length, (double) correct[t] / rows.length));
    }
    return result;
  }

  static int argMax(float[] v, int base) {
    int best = 0;
    for (int k = 1; k < FashionMnist.CLASSES; k++) {
      if (v[base + k] > v[base + best]) {
        best = k;
      }
    }
    return best;
  }
}
