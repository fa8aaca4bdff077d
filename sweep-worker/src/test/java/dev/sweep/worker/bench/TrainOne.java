package dev.sweep.worker.bench;

import dev.sweep.contract.DatasetSpec;
import dev.sweep.contract.ModelSpec;
import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.data.DataLocator;
import dev.sweep.worker.data.FashionMnist;
import dev.sweep.worker.data.FashionMnistStore;
import dev.sweep.worker.runtime.NativeFlavour;
import dev.sweep.worker.runtime.Nd4jThreads;
import dev.sweep.worker.training.EpochMetrics;
import dev.sweep.worker.training.LossAndAccuracy;
import dev.sweep.worker.training.TrainingRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains one configuration directly, without the API, and prints every epoch and the final test
 * metrics. Run through {@code bench/train-one.sh key=value ...}.
 */
public final class TrainOne {
  private TrainOne() {}

  public static void main(String[] args) throws Exception {
    NativeFlavour.select(); // as the worker does, before ND4J loads
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      a.put(kv[0], kv.length > 1 ? kv[1] : "true");
    }
    String type = a.getOrDefault("model", "mlp");
    ModelSpec model =
        type.equals("mlp")
            ? new ModelSpec(
                "mlp",
                Arrays.stream(a.getOrDefault("hidden", "256,128").split(","))
                    .map(Integer::valueOf)
                    .toList(),
                null,
                null,
                null,
                null,
                null,
                null,
                null)
            : new ModelSpec(
                "mixer",
                null,
                Integer.valueOf(a.getOrDefault("patch", "7")),
                Integer.valueOf(a.getOrDefault("hidden_dim", "128")),
                Integer.valueOf(a.getOrDefault("blocks", "2")),
                Integer.valueOf(a.getOrDefault("token", "64")),
                Integer.valueOf(a.getOrDefault("channel", "256")),
                Boolean.valueOf(a.getOrDefault("skip", "false")),
                Boolean.valueOf(a.getOrDefault("layer_norm", "false")));
    Integer limit = a.containsKey("train_limit") ? Integer.valueOf(a.get("train_limit")) : null;
    TrainingConfig c =
        new TrainingConfig(
            new DatasetSpec(
                "fashion-mnist",
                Integer.parseInt(a.getOrDefault("validation_size", "10000")),
                limit,
                0L),
            model,
            Double.parseDouble(a.getOrDefault("lr", "0.001")),
            a.getOrDefault("optimizer", "adam"),
            a.containsKey("momentum") ? Double.valueOf(a.get("momentum")) : null,
            a.getOrDefault("loss", "cross_entropy"),
            Integer.parseInt(a.getOrDefault("batch", "256")),
            a.getOrDefault("activation", "relu"),
            Long.parseLong(a.getOrDefault("seed", "0")));
    int epochs = Integer.parseInt(a.getOrDefault("epochs", "10"));
    Nd4jThreads.limitForSlots(1);
    FashionMnist data = fashionMnist();

    System.out.println("config: " + c + ", epochs " + epochs);
    TrainingRun run = TrainingRun.start(c, data);
    List<Double> seconds = new ArrayList<>();
    for (int e = 1; e <= epochs; e++) {
      EpochMetrics m = run.trainEpoch(() -> false);
      seconds.add(m.seconds());
      // test accuracy every epoch, outside the timing, so an interrupted run still says something
      LossAndAccuracy t = run.test();
      System.out.printf(
          "epoch %2d  train loss %.4f acc %.4f  val loss %.4f acc %.4f  test acc %.4f  %.1f s"
              + "  %.0f samples/s%n",
          m.epoch(),
          m.trainLoss(),
          m.trainAccuracy(),
          m.valLoss(),
          m.valAccuracy(),
          t.accuracy(),
          m.seconds(),
          m.samplesPerSecond());
    }
    LossAndAccuracy test = run.test();
    System.out.printf(
        "RESULT %s: test loss %.4f, test accuracy %.4f, median %.1f s/epoch over %d epochs%n",
        type, test.loss(), test.accuracy(), median(seconds), epochs);
  }

  /** The installed Fashion-MNIST ({@code SWEEP_DATA_DIR}, else the Debian package's folder). */
  static FashionMnist fashionMnist() throws Exception {
    String dir = System.getenv("SWEEP_DATA_DIR");
    return new FashionMnistStore(
            new DataLocator(dir == null ? null : Path.of(dir), DataLocator.DEBIAN_DIR, null, null))
        .get();
  }

  static double median(List<Double> values) {
    List<Double> s = values.stream().sorted().toList();
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
