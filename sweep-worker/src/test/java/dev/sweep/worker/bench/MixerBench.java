package dev.sweep.worker.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.sweep.contract.DatasetSpec;
import dev.sweep.contract.ModelSpec;
import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.data.Batches;
import dev.sweep.worker.data.DataSplit;
import dev.sweep.worker.data.FashionMnist;
import dev.sweep.worker.model.ModelFactory;
import dev.sweep.worker.model.SameDiffMixer;
import dev.sweep.worker.runtime.NativeFlavour;
import dev.sweep.worker.runtime.Nd4jThreads;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Training speed of the seed's mixer (7x7 patches, hidden 128, 2 blocks, token 64, channel 256,
 * Adam, batch 256) on the 50k training images, training only (no evaluation). Prints seconds per
 * epoch and the process CPU seconds it used, for:
 *
 * <ul>
 *   <li>{@code threads}: one trial on 2 threads, and 2 trials at once on 1 thread each (the per
 *       trial-epoch figure on the whole machine is then the wall time / 2);
 *   <li>{@code compare}: the hand-written layers against the old SameDiff ones, alternating, on 2
 *       threads, {@code rounds} times each.
 * </ul>
 *
 * Run through {@code bench/worker.sh} (threads) or {@code bench/mixer.sh compare [rounds]}.
 */
public final class MixerBench {
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private MixerBench() {}

  public static void main(String[] args) throws Exception {
    NativeFlavour.select(); // as the worker does, before ND4J loads
    String mode = args.length > 0 ? args[0] : "threads";
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    FashionMnist data = TrainOne.fashionMnist();
    TrainingConfig c = seedMixer();
    int[] train = DataSplit.of(c.dataset(), data.trainCount()).train();
    System.out.printf(
        "mixer bench: %s, %d training images, batch %d, native flavour %s%n",
        mode,
        train.length,
        c.batchSize(),
        System.getProperty("org.bytedeco.javacpp.platform.extension", "generic"));
    if (mode.equals("compare")) {
      Nd4jThreads.limitForSlots(1);
      for (int r = 0; r < rounds; r++) {
        report("hand-written, 2 threads", epochs(1, ModelFactory::build, c, data, train));
        report("SameDiff,     2 threads", epochs(1, SameDiffMixer::build, c, data, train));
      }
    } else {
      for (int r = 0; r < rounds; r++) {
        Nd4jThreads.limitForSlots(1);
        report("1 trial on 2 threads", epochs(1, ModelFactory::build, c, data, train));
        Nd4jThreads.limitForSlots(2);
        report("2 trials, 1 thread each", epochs(2, ModelFactory::build, c, data, train));
      }
    }
  }

  record Timing(int trials, double wallSeconds, double cpuSeconds) {}

  static void report(String what, Timing t) {
    System.out.printf(
        "RESULT mixer %s: %.1f s wall for %d trial-epoch(s) = %.1f s per trial-epoch on the"
            + " whole machine; %.1f s process CPU%n",
        what, t.wallSeconds, t.trials, t.wallSeconds / t.trials, t.cpuSeconds);
  }

  /** One epoch of each of {@code trials} identical runs at once, one thread each. */
  static Timing epochs(
      int trials,
      Function<TrainingConfig, MultiLayerNetwork> build,
      TrainingConfig c,
      FashionMnist data,
      int[] train)
      throws Exception {
    List<MultiLayerNetwork> nets = new ArrayList<>();
    for (int t = 0; t < trials; t++) {
      MultiLayerNetwork net = build.apply(c);
      fit(net, c, data, train, 5); // warm-up: workspaces sized, natives loaded
      nets.add(net);
    }
    ExecutorService pool = Executors.newFixedThreadPool(trials);
    long cpu = OS.getProcessCpuTime();
    long start = System.nanoTime();
    List<Future<?>> runs = new ArrayList<>();
    for (MultiLayerNetwork net : nets) {
      runs.add(pool.submit(() -> fit(net, c, data, train, Integer.MAX_VALUE)));
    }
    for (Future<?> f : runs) {
      f.get();
    }
    Timing t =
        new Timing(trials, (System.nanoTime() - start) / 1e9, (OS.getProcessCpuTime() - cpu) / 1e9);
    pool.shutdown();
    return t;
  }

  static void fit(
      MultiLayerNetwork net, TrainingConfig c, FashionMnist data, int[] train, int maxBatches) {
    int[] order = train.clone();
    DataSplit.shuffle(order, new SplittableRandom(c.seed()));
    int batches = 0;
    for (int from = 0; from < order.length && batches < maxBatches; from += c.batchSize()) {
      int to = Math.min(order.length, from + c.batchSize());
      net.fit(Batches.batch(data.trainImages(), data.trainLabels(), order, from, to));
      batches++;
    }
  }

  static TrainingConfig seedMixer() {
    return new TrainingConfig(
        new DatasetSpec("fashion-mnist", 10_000, null, 42L),
        new ModelSpec("mixer", null, 7, 128, 2, 64, 256, false, false),
        0.001,
        "adam",
        null,
        "cross_entropy",
        256,
        "relu",
        42L);
  }
}
