package dev.sweep.worker.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Builds float mini-batches (pixels in [0,1], one-hot labels) from the shared byte arrays. */
public final class Batches {
  private Batches() {}

  /** Rows {@code order[from..to)} of {@code images}/{@code labels}. */
  public static DataSet batch(byte[] images, byte[] labels, int[] order, int from, int to) {
    int n = to - from;
    float[] x = new float[n * FashionMnist.PIXELS];
    float[] y = new float[n * FashionMnist.CLASSES];
    for (int r = 0; r < n; r++) {
      int src = order[from + r];
      int base = src * FashionMnist.PIXELS;
      int dst = r * FashionMnist.PIXELS;
      for (int k = 0; k < FashionMnist.PIXELS; k++) {
        x[dst + k] = (images[base + k] & 0xff) / 255f;
      }
      y[r * FashionMnist.CLASSES + labels[src]] = 1f;
    }
    INDArray features = Nd4j.create(x, new long[] {n, FashionMnist.PIXELS}, 'c');
    INDArray oneHot = Nd4j.create(y, new long[] {n, FashionMnist.CLASSES}, 'c');
    return new DataSet(features, oneHot);
  }

  /** 0..n-1, for sets evaluated in file order. */
  public static int[] identity(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    return p;
  }
}
