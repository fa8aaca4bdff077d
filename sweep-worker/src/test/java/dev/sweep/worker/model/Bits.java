package dev.sweep.worker.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** What the bit-for-bit tests of this package share. */
final class Bits {
  private Bits() {}

  /** An array's floats as raw bits in 'c' order, so -0 and NaN payloads count too. */
  static int[] of(INDArray a) {
    float[] f = a.dup('c').data().asFloat();
    int[] out = new int[f.length];
    for (int i = 0; i < f.length; i++) {
      out[i] = Float.floatToRawIntBits(f[i]);
    }
    return out;
  }

  /**
   * Fits every network on the same {@code steps} random batches of {@code batch} MNIST-sized
   * images, one-hot labels cycling through the classes.
   */
  static void fitAlike(int steps, int batch, MultiLayerNetwork... nets) {
    Nd4j.getRandom().setSeed(11);
    for (int step = 0; step < steps; step++) {
      INDArray x = Nd4j.rand(DataType.FLOAT, batch, 784);
      INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 10);
      for (int r = 0; r < batch; r++) {
        y.putScalar(r, (r * 7 + step) % 10, 1);
      }
      for (MultiLayerNetwork net : nets) {
        net.fit(x, y);
      }
    }
  }
}
