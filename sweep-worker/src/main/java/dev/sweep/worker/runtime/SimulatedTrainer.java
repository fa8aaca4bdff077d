package dev.sweep.worker.runtime;

import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.training.EpochMetrics;
import dev.sweep.worker.training.LossAndAccuracy;
import dev.sweep.worker.training.Member;
import dev.sweep.worker.training.TrainingStopped;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Trains nothing: each epoch waits {@code epochTime} and returns a synthetic learning curve, seeded
 * by the job's config, so the same config always gives the same curve (also after a resume from its
 * checkpoint). It loads neither DL4J nor the dataset, so hundreds of simulated workers fit in one
 * JVM to load-test the API ({@code bench/fleet.sh}).
 */
public final class SimulatedTrainer implements Trainer {
  /** Training images per epoch, for samples/s. */
  private static final int SAMPLES = 55_000;

  /** The stop flag is polled this often while an epoch "runs". */
  private static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final Duration epochTime;

  public SimulatedTrainer(Duration epochTime) {
    this.epochTime = epochTime;
  }

  @Override
  public Run start(TrainingConfig config) {
    return new SimulatedRun(seed(config), validates(config), epochTime, 0);
  }

  /** The checkpoint is the seed and the completed epoch count. */
  @Override
  public Run resume(TrainingConfig config, byte[] checkpoint) throws IOException {
    return new SimulatedRun(
        seed(config), validates(config), epochTime, checkCheckpoint(config, checkpoint));
  }

  @Override
  public int checkCheckpoint(TrainingConfig config, byte[] checkpoint) throws IOException {
    if (checkpoint.length != Long.BYTES + Integer.BYTES) {
      throw new IOException("not a simulated checkpoint: " + checkpoint.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(checkpoint);
    if (b.getLong() != seed(config)) {
      throw new IOException("the checkpoint was written for another config");
    }
    return b.getInt();
  }

  /** One wait of {@code epochTime} per epoch for the whole group, as a fused group trains. */
  @Override
  public Group open(List<Member> members) throws IOException {
    Map<Long, SimulatedRun> runs = new LinkedHashMap<>();
    for (Member m : members) {
      runs.put(
          m.jobId(),
          (SimulatedRun)
              (m.checkpoint() == null ? start(m.config()) : resume(m.config(), m.checkpoint())));
    }
    return new SimulatedGroup(runs, epochTime);
  }

  @Override
  public String backend() {
    return "simulated";
  }

  /** Record toString is stable across JVMs (hashCode of enums is not). */
  static long seed(TrainingConfig config) {
    return config.toString().hashCode() * 0x9E3779B97F4A7C15L + 1;
  }

  /** As a real run: no validation metrics without validation images. */
  private static boolean validates(TrainingConfig config) {
    return config.dataset() == null || config.dataset().validationSize() > 0;
  }

  static final class SimulatedRun implements Run {
    private final long seed;
    private final boolean validates;
    private final Duration epochTime;
    private final double finalAccuracy;
    private final double rate;
    private int completed;

    SimulatedRun(long seed, boolean validates, Duration epochTime, int completed) {
      this.seed = seed;
      this.validates = validates;
      this.epochTime = epochTime;
      this.completed = completed;
      SplittableRandom curve = new SplittableRandom(seed);
      finalAccuracy = 0.80 + 0.09 * curve.nextDouble();
      rate = 0.3 + 0.7 * curve.nextDouble();
    }

    @Override
    public int completedEpochs() {
      return completed;
    }

    @Override
    public EpochMetrics trainEpoch(BooleanSupplier stop) {
      int epoch = completed + 1;
      long start = System.nanoTime();
      long end = start + epochTime.toNanos();
      int step = 0;
      for (long now = start; now < end; now = System.nanoTime()) {
        if (stop.getAsBoolean()) {
          throw new TrainingStopped(epoch, step);
        }
        step++;
        try {
          TimeUnit.NANOSECONDS.sleep(Math.min(STEP_NANOS, end - now));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new TrainingStopped(epoch, step);
        }
      }
      return finish(Math.max(1e-3, (System.nanoTime() - start) / 1e9));
    }

    /** Ends the next epoch, which took {@code seconds}; its metrics. */
    EpochMetrics finish(double seconds) {
      int epoch = ++completed;
      LossAndAccuracy train = at(epoch, 0);
      LossAndAccuracy val = validates ? at(epoch, 1) : null;
      return new EpochMetrics(
          epoch,
          train.loss(),
          train.accuracy(),
          val == null ? null : val.loss(),
          val == null ? null : val.accuracy(),
          seconds,
          SAMPLES / seconds);
    }

    @Override
    public LossAndAccuracy test() {
      return at(completed, 2);
    }

    @Override
    public byte[] checkpoint() {
      return ByteBuffer.allocate(Long.BYTES + Integer.BYTES)
          .putLong(seed)
          .putInt(completed)
          .array();
    }

    /** Accuracy rises towards its ceiling; held-out sets ({@code set} 1, 2) lag a little. */
    private LossAndAccuracy at(int epoch, int set) {
      double noise = new SplittableRandom(seed + 31L * epoch + set).nextDouble(-0.005, 0.005);
      double gap = set == 0 ? 0 : 0.01 + 0.002 * epoch;
      double accuracy =
          finalAccuracy - (finalAccuracy - 0.1) * Math.exp(-rate * epoch) - gap + noise;
      double loss = 0.25 + 2.05 * Math.exp(-rate * epoch) + 2 * gap - noise;
      return new LossAndAccuracy(loss, accuracy);
    }
  }
}
