package dev.sweep.worker.training;

/** A job's loss turned NaN or infinite; training it again would do the same. */
public class TrainingDiverged extends RuntimeException {
  public TrainingDiverged(String reason) {
    super(reason, null, false, false);
  }
}
