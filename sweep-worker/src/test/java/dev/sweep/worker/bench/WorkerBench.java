package dev.sweep.worker.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.sweep.contract.DatasetSpec;
import dev.sweep.contract.ModelSpec;
import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.data.DataLocator;
import dev.sweep.worker.data.FashionMnist;
import dev.sweep.worker.data.FashionMnistStore;
import dev.sweep.worker.runtime.NativeFlavour;
import dev.sweep.worker.runtime.Nd4jThreads;
import dev.sweep.worker.training.EpochMetrics;
import dev.sweep.worker.training.Member;
import dev.sweep.worker.training.TrainingGroup;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Worker throughput on the full data (50k training images, 10k validation): the MLP 784-256-128-10
 * with Adam, one epoch (training and validation) per measurement, every variant once per round so
 * that A and B see the same machine load. Variants: the pre-fusion epoch ("legacy", {@link
 * LegacyEpoch}), and a {@link TrainingGroup} of T jobs (learning rates spread, so the trials
 * differ) for each T asked; T = 1 is a job trained alone. Layouts: one slot with all cores, one
 * slot on one thread, and two slots on one thread each running concurrently.
 *
 * <p>Prints per variant the median over rounds of: seconds per epoch, samples/s summed over the
 * trials (training only, and whole epoch with validation), process CPU seconds per epoch (all
 * threads; robust to other processes' load), and the ratio to T = 1.
 *
 * <p>Usage (through {@code bench/worker.sh}): {@code [rounds] [trial counts] [batch sizes]
 * [layouts]}, defaults {@code 3 1,2,4,8,16 256,64 2x1,1x1,1x2} (layout = threads x slots).
 */
public final class WorkerBench {
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private WorkerBench() {}

  public static void main(String[] args) throws Exception {
    NativeFlavour.select(); // as the worker does, before ND4J loads
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int[] trials = ints(args.length > 1 ? args[1] : "1,2,4,8,16");
    int[] batchSizes = ints(args.length > 2 ? args[2] : "256,64");
    String[] layouts = (args.length > 3 ? args[3] : "2x1,1x1,1x2").split(",");
    String dir = System.getenv("SWEEP_DATA_DIR");
    FashionMnist data =
        new FashionMnistStore(
                new DataLocator(
                    dir == null ? null : Path.of(dir), DataLocator.DEBIAN_DIR, null, null))
            .get();
    for (String layout : layouts) {
      int threads = Integer.parseInt(layout.split("x")[0]);
      int slots = Integer.parseInt(layout.split("x")[1]);
      Nd4jThreads.limitForSlots(Runtime.getRuntime().availableProcessors() / threads);
      for (int batch : batchSizes) {
        measure(data, batch, threads, slots, rounds, trials);
      }
    }
  }

  /** One variant: trains one epoch of each of its slots' runs, concurrently when several. */
  private record Variant(String name, int trials, List<Run> runs) {}

  private interface Run {
    /** One epoch; returns the seconds spent training (validation excluded). */
    double epoch() throws Exception;
  }

  private static void measure(
      FashionMnist data, int batch, int threads, int slots, int rounds, int[] trials)
      throws Exception {
    List<Variant> variants = new ArrayList<>();
    List<Run> legacy = new ArrayList<>();
    for (int s = 0; s < slots; s++) {
      LegacyEpoch l = new LegacyEpoch(config(batch, 0.001), data);
      legacy.add(l::train);
    }
    variants.add(new Variant("legacy", 1, legacy));
    for (int t : trials) {
      List<Run> runs = new ArrayList<>();
      for (int s = 0; s < slots; s++) {
        runs.add(fused(data, batch, t));
      }
      variants.add(new Variant("fused", t, runs));
    }
    int samples = new LegacyEpoch(config(batch, 0.001), data).trainCount();
    Map<Variant, double[][]> results = new LinkedHashMap<>();
    // as the worker's slots do: each thread's OpenMP share set on the thread itself
    ExecutorService pool =
        Executors.newFixedThreadPool(
            slots,
            task ->
                new Thread(
                    () -> {
                      Nd4jThreads.applyToThisThread();
                      task.run();
                    }));
    for (int r = 0; r < rounds; r++) {
      for (Variant v : variants) {
        long cpu = OS.getProcessCpuTime();
        long start = System.nanoTime();
        List<Future<Double>> futures = new ArrayList<>();
        for (Run run : v.runs()) {
          futures.add(pool.submit(run::epoch));
        }
        double train = 0;
        for (Future<Double> f : futures) {
          train = Math.max(train, f.get());
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (OS.getProcessCpuTime() - cpu) / 1e9;
        results.computeIfAbsent(v, k -> new double[3][rounds]);
        results.get(v)[0][r] = wall;
        results.get(v)[1][r] = train;
        results.get(v)[2][r] = cpuSeconds;
        System.out.printf(
            "  round %d batch %d %dx%d %s T=%d: %.2f s (training %.2f s), CPU %.2f s%n",
            r + 1, batch, threads, slots, v.name(), v.trials(), wall, train, cpuSeconds);
      }
    }
    pool.shutdown();
    print(batch, threads, slots, samples, results);
  }

  private static void print(
      int batch, int threads, int slots, int samples, Map<Variant, double[][]> results) {
    System.out.printf(
        "RESULT MLP [256,128] batch %d, %d thread(s) x %d slot(s), %d samples per trial-epoch,"
            + " medians:%n",
        batch, threads, slots, samples);
    System.out.printf(
        "RESULT   %-7s %5s %8s %14s %14s %9s %14s %10s%n",
        "run", "T", "s/epoch", "train samp/s", "epoch samp/s", "CPU s", "samp/CPU-s", "vs T=1");
    double unfused = 0;
    for (Map.Entry<Variant, double[][]> e : results.entrySet()) {
      Variant v = e.getKey();
      double wall = median(e.getValue()[0]);
      double train = median(e.getValue()[1]);
      double cpu = median(e.getValue()[2]);
      double total = (double) samples * v.trials() * slots;
      double epochRate = total / wall;
      if (v.name().equals("fused") && v.trials() == 1) {
        unfused = epochRate;
      }
      System.out.printf(
          "RESULT   %-7s %5d %8.2f %14.0f %14.0f %9.2f %14.0f %10s%n",
          v.name(),
          v.trials(),
          wall,
          total / train,
          epochRate,
          cpu,
          total / cpu,
          unfused == 0 ? "" : String.format("%.2fx", epochRate / unfused));
    }
  }

  private static Run fused(FashionMnist data, int batch, int trials) throws Exception {
    List<Member> members = new ArrayList<>();
    for (int t = 0; t < trials; t++) {
      members.add(Member.fresh(t, config(batch, 0.001 * (1 + 0.25 * t))));
    }
    TrainingGroup group = TrainingGroup.open(members, data);
    return () -> {
      var epoch = group.trainEpoch(j -> false);
      EpochMetrics any = epoch.trained().values().iterator().next();
      return samplesOf(group) / any.samplesPerSecond();
    };
  }

  private static int samplesOf(TrainingGroup group) {
    return group.split().train().length;
  }

  static TrainingConfig config(int batch, double lr) {
    return new TrainingConfig(
        new DatasetSpec("fashion-mnist", 10_000, null, 0L),
        new ModelSpec("mlp", List.of(256, 128), null, null, null, null, null, null, null),
        lr,
        "adam",
        null,
        "cross_entropy",
        batch,
        "relu",
        0L);
  }

  private static int[] ints(String csv) {
    return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
