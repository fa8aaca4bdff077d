package dev.sweep.worker.data;

import dev.sweep.contract.Normalize;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Float mini-batches (pixels in [0,1], one-hot labels) built from the shared byte arrays into
 * arrays that are allocated once and refilled for every batch: a training epoch allocates nothing
 * per batch. A batch is valid until the next {@link #fill}; one instance serves one thread.
 */
public final class Batches {
  private final int capacity;
  private final float[] staging;
  private final int[] labelIndices;
  private final float[] pixel;
  private INDArray features;
  private INDArray oneHot;

  /** Buffers for batches of up to {@code capacity} rows, pixels scaled to [0, 1]. */
  public Batches(int capacity) {
    this(capacity, (Normalize) null);
  }

  /** The same, pixels then normalised as the dataset asks (null: not). */
  public Batches(int capacity, Normalize normalize) {
    this(capacity, pixelValues(normalize));
  }

  /**
   * A pixel byte's input value: {@code b / 255f}, the same float as before normalisation existed
   * when there is none, else {@code (b / 255 - mean) / std}.
   */
  public static float[] pixelValues(Normalize normalize) {
    float[] values = new float[256];
    for (int b = 0; b < 256; b++) {
      values[b] =
          normalize == null ? b / 255f : (float) ((b / 255.0 - normalize.mean()) / normalize.std());
    }
    return values;
  }

  private Batches(int capacity, float[] pixel) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
    this.staging = new float[capacity * FashionMnist.PIXELS];
    this.labelIndices = new int[capacity];
    this.pixel = pixel;
  }

  public int capacity() {
    return capacity;
  }

  /**
   * Rows {@code order[from..to)} of {@code images}/{@code labels}. A batch of another size than the
   * previous one (the last, shorter batch of an epoch) gets its own arrays, kept until the size
   * changes again.
   */
  public DataSet fill(byte[] images, byte[] labels, int[] order, int from, int to) {
    int n = to - from;
    if (n < 1 || n > capacity) {
      throw new IllegalArgumentException("batch of " + n + " rows, capacity " + capacity);
    }
    if (features == null || features.size(0) != n) {
      features = Nd4j.create(DataType.FLOAT, n, FashionMnist.PIXELS);
      oneHot = Nd4j.create(DataType.FLOAT, n, FashionMnist.CLASSES);
    }
    for (int r = 0; r < n; r++) {
      int src = order[from + r];
      int base = src * FashionMnist.PIXELS;
      int dst = r * FashionMnist.PIXELS;
      for (int k = 0; k < FashionMnist.PIXELS; k++) {
        staging[dst + k] = pixel[images[base + k] & 0xff];
      }
      labelIndices[r] = labels[src];
    }
    FloatBuffer x = features.data().asNioFloat();
    x.put(0, staging, 0, n * FashionMnist.PIXELS);
    oneHot.assign(0);
    FloatBuffer y = oneHot.data().asNioFloat();
    for (int r = 0; r < n; r++) {
      y.put(r * FashionMnist.CLASSES + labelIndices[r], 1f);
    }
    return new DataSet(features, oneHot);
  }

  /** The class of each row of the last {@link #fill}, at {@code [0, rows)}. */
  public int[] labelIndices() {
    return labelIndices;
  }

  /** A one-off batch in arrays of its own, for tests and tools. */
  public static DataSet batch(byte[] images, byte[] labels, int[] order, int from, int to) {
    return new Batches(to - from).fill(images, labels, order, from, to);
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
