package dev.sweep.worker.runtime;

import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.data.FashionMnistStore;
import dev.sweep.worker.training.EpochMetrics;
import dev.sweep.worker.training.LossAndAccuracy;
import dev.sweep.worker.training.TrainingRun;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.factory.Nd4j;

/** Real training: a {@link TrainingRun} of DL4J on Fashion-MNIST. */
final class Dl4jTrainer implements Trainer {
  private final FashionMnistStore data;

  Dl4jTrainer(FashionMnistStore data) {
    this.data = data;
  }

  @Override
  public Run start(TrainingConfig config) {
    return new Dl4jRun(TrainingRun.start(config, data.get()));
  }

  @Override
  public Run resume(TrainingConfig config, byte[] checkpoint) throws IOException {
    return new Dl4jRun(TrainingRun.resume(config, data.get(), checkpoint));
  }

  @Override
  public String backend() {
    String name = Nd4j.getBackend().getClass().getSimpleName().toLowerCase();
    return name.contains("cpu") ? "cpu" : "cuda";
  }

  @Override
  public void prepare(int slots) {
    Nd4jThreads.limitForSlots(slots);
  }

  private record Dl4jRun(TrainingRun run) implements Run {
    @Override
    public int completedEpochs() {
      return run.completedEpochs();
    }

    @Override
    public EpochMetrics trainEpoch(BooleanSupplier stop) {
      return run.trainEpoch(stop);
    }

    @Override
    public LossAndAccuracy test() {
      return run.test();
    }

    @Override
    public byte[] checkpoint() throws IOException {
      return run.checkpoint();
    }

    @Override
    public byte[] exportModel() throws IOException {
      return run.exportModel();
    }
  }
}
