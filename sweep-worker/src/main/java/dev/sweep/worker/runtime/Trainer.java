package dev.sweep.worker.runtime;

import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.training.EpochMetrics;
import dev.sweep.worker.training.LossAndAccuracy;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * What produces a job's epochs: DL4J on Fashion-MNIST ({@link Dl4jTrainer}), or seeded synthetic
 * curves ({@link SimulatedTrainer}, {@code sweep-worker --simulate}). Everything else (claim,
 * heartbeats, checkpoints, reports, complete/fail/release) is the same {@link JobRunner} code.
 */
public interface Trainer {
  Run start(TrainingConfig config);

  Run resume(TrainingConfig config, byte[] checkpoint) throws IOException;

  /** Sent at registration: "cpu", "cuda" or "simulated". */
  String backend();

  /** Called once, before the slots start, with their number. */
  default void prepare(int slots) {}

  /** One job's training; see {@code training.TrainingRun} for the contract of each method. */
  interface Run {
    int completedEpochs();

    EpochMetrics trainEpoch(BooleanSupplier stop);

    LossAndAccuracy test();

    byte[] checkpoint() throws IOException;

    /**
     * The trained model as a ModelSerializer zip; null when this trainer makes none (simulated).
     */
    default byte[] exportModel() throws IOException {
      return null;
    }
  }
}
