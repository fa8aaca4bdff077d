package dev.sweep.worker.training;

import dev.sweep.worker.data.Batches;
import dev.sweep.worker.data.FashionMnist;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Loss and accuracy in inference mode, from one forward pass per chunk. The loss is the mean
 * negative log of the softmax probability of the true class, clipped as DL4J's MCXENT clips it.
 */
final class Evaluator {
  static final int CHUNK = 1000;
  private static final double CLIP = 1e-10;

  private Evaluator() {}

  static LossAndAccuracy evaluate(MultiLayerNetwork net, byte[] images, byte[] labels, int[] rows) {
    double lossSum = 0;
    long correct = 0;
    for (int from = 0; from < rows.length; from += CHUNK) {
      int to = Math.min(rows.length, from + CHUNK);
      DataSet ds = Batches.batch(images, labels, rows, from, to);
      INDArray out = net.output(ds.getFeatures(), false);
      float[] p = out.data().asFloat();
      for (int r = 0; r < to - from; r++) {
        int label = labels[rows[from + r]];
        int base = r * FashionMnist.CLASSES;
        lossSum -= Math.log(Math.max(p[base + label], CLIP));
        if (argMax(p, base) == label) {
          correct++;
        }
      }
    }
    return new LossAndAccuracy(lossSum / rows.length, (double) correct / rows.length);
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
