package dev.sweep.worker.data;

/**
 * Fashion-MNIST, or an idx dataset of the same shape (28x28 images, 10 classes), in memory as
 * unsigned bytes (a quarter of the float size; batches are scaled to [0,1] as they are built).
 * Immutable by convention and shared by every slot of the process.
 */
public record FashionMnist(
    byte[] trainImages, byte[] trainLabels, byte[] testImages, byte[] testLabels) {
  public static final int ROWS = 28;
  public static final int COLS = 28;
  public static final int PIXELS = ROWS * COLS;
  public static final int CLASSES = 10;

  public int trainCount() {
    return trainLabels.length;
  }

  public int testCount() {
    return testLabels.length;
  }
}
