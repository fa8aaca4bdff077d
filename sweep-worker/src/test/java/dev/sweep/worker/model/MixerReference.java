package dev.sweep.worker.model;

import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The mixer's forward pass written out with plain loops over a tiny input, in double, from the
 * definition: cut 28x28 into p x p patches (patch n = i*side + j holds pixel (i*p+a, j*p+k) at
 * a*p+k), stem X = patch W + b; per block A = LN1(X) (or X), token mixing O1[n'][d] = Σ_s g(Σ_n
 * A[n][d] W1[n][s] + b1[s]) W2[s][n'] + b2[n'] (+ X), C = LN2(O1) (or O1), channel mixing O2[n][d']
 * = Σ_c g(Σ_d C[n][d] W3[d][c] + b3[c]) W4[c][d'] + b4[d'] (+ O1); then the mean over patches.
 * Reads trial t's parameters from a network built by {@link ModelFactory} (or fused).
 */
final class MixerReference {
  private final MultiLayerNetwork net;
  private final int patchSize;
  private final int blocks;
  private final boolean skip;
  private final boolean layerNorm;
  private final DoubleUnaryOperator g;
  private final int trial;

  MixerReference(
      MultiLayerNetwork net,
      int patchSize,
      int blocks,
      boolean skip,
      boolean layerNorm,
      DoubleUnaryOperator g,
      int trial) {
    this.net = net;
    this.patchSize = patchSize;
    this.blocks = blocks;
    this.skip = skip;
    this.layerNorm = layerNorm;
    this.g = g;
    this.trial = trial;
  }

  /** The features after the patch mean, {@code [batch][hiddenDim]}. */
  double[][] features(INDArray images) {
    int batch = (int) images.size(0);
    double[][] out = new double[batch][];
    for (int b = 0; b < batch; b++) {
      double[][] x = stem(images.getRow(b).toDoubleVector());
      for (int k = 1; k <= blocks; k++) {
        x = block(net.getLayer(k).paramTable(), x);
      }
      out[b] = new double[x[0].length];
      for (double[] patch : x) {
        for (int d = 0; d < patch.length; d++) {
          out[b][d] += patch[d] / x.length;
        }
      }
    }
    return out;
  }

  private double[][] param(Map<String, INDArray> p, String name) {
    return p.get(name + "." + trial).toDoubleMatrix();
  }

  private double[][] stem(double[] image) {
    Map<String, INDArray> p = net.getLayer(0).paramTable();
    double[][] w = param(p, "W");
    double[] bias = param(p, "b")[0];
    int side = 28 / patchSize;
    double[][] x = new double[side * side][bias.length];
    for (int i = 0; i < side; i++) {
      for (int j = 0; j < side; j++) {
        double[] out = x[i * side + j];
        for (int d = 0; d < bias.length; d++) {
          out[d] = bias[d];
          for (int a = 0; a < patchSize; a++) {
            for (int k = 0; k < patchSize; k++) {
              double pixel = image[(i * patchSize + a) * 28 + j * patchSize + k];
              out[d] += pixel * w[a * patchSize + k][d];
            }
          }
        }
      }
    }
    return x;
  }

  private double[][] block(Map<String, INDArray> p, double[][] x) {
    int patches = x.length;
    int dim = x[0].length;
    double[][] a = layerNorm ? norm(x, param(p, "ln1g")[0], param(p, "ln1b")[0]) : x;
    double[][] w1 = param(p, "W1");
    double[] b1 = param(p, "b1")[0];
    double[][] w2 = param(p, "W2");
    double[] b2 = param(p, "b2")[0];
    double[][] o1 = new double[patches][dim];
    for (int d = 0; d < dim; d++) {
      double[] hidden = new double[b1.length];
      for (int s = 0; s < b1.length; s++) {
        double z = b1[s];
        for (int n = 0; n < patches; n++) {
          z += a[n][d] * w1[n][s];
        }
        hidden[s] = g.applyAsDouble(z);
      }
      for (int n = 0; n < patches; n++) {
        double v = b2[n] + (skip ? x[n][d] : 0);
        for (int s = 0; s < b1.length; s++) {
          v += hidden[s] * w2[s][n];
        }
        o1[n][d] = v;
      }
    }
    double[][] c = layerNorm ? norm(o1, param(p, "ln2g")[0], param(p, "ln2b")[0]) : o1;
    double[][] w3 = param(p, "W3");
    double[] b3 = param(p, "b3")[0];
    double[][] w4 = param(p, "W4");
    double[] b4 = param(p, "b4")[0];
    double[][] o2 = new double[patches][dim];
    for (int n = 0; n < patches; n++) {
      double[] hidden = new double[b3.length];
      for (int k = 0; k < b3.length; k++) {
        double z = b3[k];
        for (int d = 0; d < dim; d++) {
          z += c[n][d] * w3[d][k];
        }
        hidden[k] = g.applyAsDouble(z);
      }
      for (int d = 0; d < dim; d++) {
        double v = b4[d] + (skip ? o1[n][d] : 0);
        for (int k = 0; k < b3.length; k++) {
          v += hidden[k] * w4[k][d];
        }
        o2[n][d] = v;
      }
    }
    return o2;
  }

  /** Each row: (x - mean) / sqrt(biased variance + 1e-5), times gain, plus bias. */
  private static double[][] norm(double[][] x, double[] gain, double[] bias) {
    double[][] out = new double[x.length][];
    for (int n = 0; n < x.length; n++) {
      double mean = 0;
      for (double v : x[n]) {
        mean += v / x[n].length;
      }
      double var = 0;
      for (double v : x[n]) {
        var += (v - mean) * (v - mean) / x[n].length;
      }
      out[n] = new double[x[n].length];
      for (int d = 0; d < x[n].length; d++) {
        out[n][d] = (x[n][d] - mean) / Math.sqrt(var + 1e-5) * gain[d] + bias[d];
      }
    }
    return out;
  }
}
