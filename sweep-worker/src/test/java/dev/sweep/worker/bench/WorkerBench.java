package dev.sweep.worker.bench;

import dev.sweep.contract.DatasetSpec;
import dev.sweep.contract.ModelSpec;
import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.data.DataLocator;
import dev.sweep.worker.data.FashionMnist;
import dev.sweep.worker.data.FashionMnistStore;
import dev.sweep.worker.runtime.Nd4jThreads;
import dev.sweep.worker.training.EpochMetrics;
import dev.sweep.worker.training.TrainingRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Throughput of the MLP 784-256-128-10 (Adam, batch 256, 3 epochs on the 50k training part) with 1
 * slot and with N slots running N such jobs at once, as the worker runs them. Prints the median
 * seconds per epoch, samples/s per job and for the whole worker, and the N-to-1 ratio. Run through
 * {@code bench/worker.sh}.
 */
public final class WorkerBench {
  private WorkerBench() {}

  public static void main(String[] args) throws Exception {
    int n =
        args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    String dir = System.getenv("SWEEP_DATA_DIR");
    FashionMnist data =
        new FashionMnistStore(
                new DataLocator(
                    dir == null ? null : Path.of(dir), DataLocator.DEBIAN_DIR, null, null))
            .get();

    Result one = run(1, epochs, data);
    Result many = run(n, epochs, data);
    System.out.printf(
        "RESULT 1 slot : median %.2f s/epoch, %.0f samples/s per job, %.0f samples/s total%n",
        one.medianSeconds, one.medianRate, one.total);
    System.out.printf(
        "RESULT %d slots: median %.2f s/epoch, %.0f samples/s per job, %.0f samples/s total%n",
        n, many.medianSeconds, many.medianRate, many.total);
    System.out.printf(
        "RESULT ratio %d slots / 1 slot (total samples/s): %.2fx%n", n, many.total / one.total);
  }

  record Result(double medianSeconds, double medianRate, double total) {}

  static Result run(int slots, int epochs, FashionMnist data) throws Exception {
    Nd4jThreads.limitForSlots(slots);
    ExecutorService pool = Executors.newFixedThreadPool(slots);
    List<Double> seconds = Collections.synchronizedList(new ArrayList<>());
    List<Double> rates = Collections.synchronizedList(new ArrayList<>());
    long trainedSamples = 0;
    long start = System.nanoTime();
    List<Future<Long>> jobs = new ArrayList<>();
    for (int s = 0; s < slots; s++) {
      TrainingConfig c = config(s);
      jobs.add(
          pool.submit(
              () -> {
                TrainingRun run = TrainingRun.start(c, data);
                long samples = 0;
                for (int e = 0; e < epochs; e++) {
                  EpochMetrics m = run.trainEpoch(() -> false);
                  seconds.add(m.seconds());
                  rates.add(m.samplesPerSecond());
                  samples += run.split().train().length;
                  System.out.printf(
                      "  %d slot(s), %s epoch %d: %.2f s, %.0f samples/s%n",
                      slots,
                      Thread.currentThread().getName(),
                      m.epoch(),
                      m.seconds(),
                      m.samplesPerSecond());
                }
                return samples;
              }));
    }
    for (Future<Long> f : jobs) {
      trainedSamples += f.get();
    }
    double wall = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    return new Result(TrainOne.median(seconds), TrainOne.median(rates), trainedSamples / wall);
  }

  static TrainingConfig config(long seed) {
    return new TrainingConfig(
        new DatasetSpec("fashion-mnist", 10_000, null, 0L),
        new ModelSpec("mlp", List.of(256, 128), null, null, null, null, null, null, null),
        0.001,
        "adam",
        null,
        "cross_entropy",
        256,
        "relu",
        seed);
  }
}
