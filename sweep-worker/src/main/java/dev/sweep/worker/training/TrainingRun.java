package dev.sweep.worker.training;

import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.data.DataSplit;
import dev.sweep.worker.data.FashionMnist;
import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** One job trained alone: a {@link TrainingGroup} of one member. */
public final class TrainingRun {
  private static final long JOB = 0;

  private final TrainingGroup group;

  private TrainingRun(TrainingGroup group) {
    this.group = group;
  }

  public static TrainingRun start(TrainingConfig config, FashionMnist data) {
    try {
      return new TrainingRun(TrainingGroup.open(List.of(Member.fresh(JOB, config)), data));
    } catch (IOException e) {
      throw new IllegalStateException("no checkpoint is read when starting", e);
    }
  }

  public static TrainingRun resume(TrainingConfig config, FashionMnist data, byte[] checkpoint)
      throws IOException {
    return new TrainingRun(TrainingGroup.open(List.of(new Member(JOB, config, checkpoint)), data));
  }

  public int completedEpochs() {
    return group.completedEpochs();
  }

  public MultiLayerNetwork network() {
    return group.network();
  }

  public DataSplit split() {
    return group.split();
  }

  /**
   * Trains one more epoch. {@code stop} is polled before every batch; when it answers true the
   * epoch is abandoned with {@link TrainingStopped} and this run must not be used again. A loss
   * that turns NaN or infinite ends the run with {@link TrainingDiverged}.
   */
  public EpochMetrics trainEpoch(BooleanSupplier stop) {
    int epoch = group.completedEpochs() + 1;
    int[] batches = {0};
    GroupEpoch e =
        group.trainEpoch(
            job -> {
              batches[0]++;
              return stop.getAsBoolean();
            });
    if (!e.stopped().isEmpty()) {
      throw new TrainingStopped(epoch, batches[0]);
    }
    if (!e.diverged().isEmpty()) {
      throw new TrainingDiverged(e.diverged().get(JOB));
    }
    return e.trained().get(JOB);
  }

  /** Loss and accuracy on the 10k test set; only for epochs that end a trial. */
  public LossAndAccuracy test() {
    return group.test(List.of(JOB)).get(JOB);
  }

  /** The state after the last completed epoch. */
  public byte[] checkpoint() throws IOException {
    return group.checkpoint(JOB);
  }

  /** The trained model as a stock DL4J model file. */
  public byte[] exportModel() throws IOException {
    return group.exportModel(JOB);
  }
}
