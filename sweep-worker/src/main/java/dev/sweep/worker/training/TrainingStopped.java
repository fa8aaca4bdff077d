package dev.sweep.worker.training;

/** Training was asked to stop at a batch boundary; the epoch in progress is abandoned. */
public class TrainingStopped extends RuntimeException {
  public TrainingStopped(int epoch, int batch) {
    super("stopped in epoch " + epoch + " before batch " + batch, null, false, false);
  }
}
