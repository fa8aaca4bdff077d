package dev.sweep.worker.runtime;

import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.data.FashionMnistStore;
import dev.sweep.worker.training.EpochMetrics;
import dev.sweep.worker.training.GroupEpoch;
import dev.sweep.worker.training.LossAndAccuracy;
import dev.sweep.worker.training.Member;
import dev.sweep.worker.training.TrainingGroup;
import dev.sweep.worker.training.TrainingRun;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;
import org.nd4j.linalg.factory.Nd4j;

/** Real training: a {@link TrainingRun} of DL4J on Fashion-MNIST or the job's idx dataset. */
final class Dl4jTrainer implements Trainer {
  private final FashionMnistStore data;

  Dl4jTrainer(FashionMnistStore data) {
    this.data = data;
  }

  @Override
  public Run start(TrainingConfig config) {
    Nd4jThreads.applyToThisThread();
    return new Dl4jRun(TrainingRun.start(config, data.get(config.dataset())));
  }

  @Override
  public Run resume(TrainingConfig config, byte[] checkpoint) throws IOException {
    Nd4jThreads.applyToThisThread();
    return new Dl4jRun(TrainingRun.resume(config, data.get(config.dataset()), checkpoint));
  }

  @Override
  public Group open(List<Member> members) throws IOException {
    Nd4jThreads.applyToThisThread();
    return new Dl4jGroup(TrainingGroup.open(members, data.get(members.get(0).config().dataset())));
  }

  @Override
  public int checkCheckpoint(TrainingConfig config, byte[] checkpoint) throws IOException {
    return TrainingGroup.checkCheckpoint(config, checkpoint);
  }

  @Override
  public String backend() {
    String name = Nd4j.getBackend().getClass().getSimpleName().toLowerCase();
    return name.contains("cpu") ? "cpu" : "cuda";
  }

  @Override
  public void warmUp() {
    data.get();
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

  private record Dl4jGroup(TrainingGroup group) implements Group {
    @Override
    public List<Long> jobIds() {
      return group.jobIds();
    }

    @Override
    public int completedEpochs() {
      return group.completedEpochs();
    }

    @Override
    public GroupEpoch trainEpoch(LongPredicate stop) {
      return group.trainEpoch(stop);
    }

    @Override
    public Map<Long, LossAndAccuracy> test(Collection<Long> jobIds) {
      return group.test(jobIds);
    }

    @Override
    public byte[] checkpoint(long jobId) throws IOException {
      return group.checkpoint(jobId);
    }

    @Override
    public byte[] exportModel(long jobId) throws IOException {
      return group.exportModel(jobId);
    }

    @Override
    public void drop(Collection<Long> jobIds) {
      group.drop(jobIds);
    }
  }
}
