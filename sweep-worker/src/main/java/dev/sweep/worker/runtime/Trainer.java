package dev.sweep.worker.runtime;

import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.training.EpochMetrics;
import dev.sweep.worker.training.GroupEpoch;
import dev.sweep.worker.training.LossAndAccuracy;
import dev.sweep.worker.training.Member;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;

/**
 * What produces a job's epochs: DL4J on Fashion-MNIST ({@link Dl4jTrainer}), or seeded synthetic
 * curves ({@link SimulatedTrainer}, {@code sweep-worker --simulate}). Everything else (claim,
 * heartbeats, checkpoints, reports, complete/fail/release) is the same {@link JobRunner} code.
 */
public interface Trainer {
  Run start(TrainingConfig config);

  Run resume(TrainingConfig config, byte[] checkpoint) throws IOException;

  /**
   * A fused group of jobs that resume from the same epoch, trained as one computation (what {@link
   * JobRunner} trains; a single job is a group of one). Members with a checkpoint resume from it.
   */
  Group open(List<Member> members) throws IOException;

  /**
   * Checks that a checkpoint is one this trainer wrote for {@code config}; returns the epoch it
   * holds, or throws IOException naming what is wrong ({@link CheckpointRestorer}).
   */
  int checkCheckpoint(TrainingConfig config, byte[] checkpoint) throws IOException;

  /** Sent at registration: "cpu", "cuda" or "simulated". */
  String backend();

  /**
   * Loads what training needs (the dataset), on its own thread while the worker registers, so the
   * first job does not wait for it; a failure is left to the first job.
   */
  default void warmUp() {}

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

  /** A fused group's training; see {@code training.TrainingGroup} for each method's contract. */
  interface Group {
    List<Long> jobIds();

    int completedEpochs();

    GroupEpoch trainEpoch(LongPredicate stop);

    Map<Long, LossAndAccuracy> test(Collection<Long> jobIds);

    byte[] checkpoint(long jobId) throws IOException;

    /** The member's model as a ModelSerializer zip; null when this trainer makes none. */
    byte[] exportModel(long jobId) throws IOException;

    /**
     * Takes members out at once (they ended, were cancelled, lost their lease...); the others train
     * on. One call per epoch, because a fused network is rebuilt for whoever stays.
     */
    void drop(Collection<Long> jobIds);
  }
}
