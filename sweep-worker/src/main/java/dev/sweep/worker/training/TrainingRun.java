package dev.sweep.worker.training;

import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.data.Batches;
import dev.sweep.worker.data.DataSplit;
import dev.sweep.worker.data.FashionMnist;
import dev.sweep.worker.model.ModelFactory;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One job's training, epoch by epoch, on one thread. Epoch k's data order comes from an RNG state
 * derived from the seed and carried from epoch to epoch; the checkpoint stores it, so a resumed run
 * visits the same batches in the same order and reproduces an uninterrupted run bit for bit.
 */
public final class TrainingRun {
  private final TrainingConfig config;
  private final FashionMnist data;
  private final DataSplit split;
  private final MultiLayerNetwork net;
  private final TrainAccuracyListener accuracy = new TrainAccuracyListener();
  private final boolean regularized;
  private int completedEpochs;
  private long orderState;

  private TrainingRun(
      TrainingConfig config,
      FashionMnist data,
      MultiLayerNetwork net,
      int completedEpochs,
      long orderState) {
    this.config = config;
    this.data = data;
    this.split = DataSplit.of(config.dataset(), data.trainCount());
    this.net = net;
    this.completedEpochs = completedEpochs;
    this.orderState = orderState;
    this.regularized = net.calcRegularizationScore(true) != 0;
    net.setListeners(accuracy);
  }

  public static TrainingRun start(TrainingConfig config, FashionMnist data) {
    return new TrainingRun(
        config,
        data,
        ModelFactory.build(config),
        0,
        new SplittableRandom(config.seed()).nextLong());
  }

  public static TrainingRun resume(TrainingConfig config, FashionMnist data, byte[] checkpoint)
      throws IOException {
    ModelFactory.validate(config);
    Checkpoint c = Checkpoint.fromBytes(checkpoint);
    return new TrainingRun(config, data, c.network(), c.epoch(), c.nextOrderState());
  }

  public int completedEpochs() {
    return completedEpochs;
  }

  public MultiLayerNetwork network() {
    return net;
  }

  public DataSplit split() {
    return split;
  }

  /**
   * Trains one more epoch. {@code stop} is polled before every batch; when it answers true the
   * epoch is abandoned with {@link TrainingStopped} and this run must not be used again.
   */
  public EpochMetrics trainEpoch(BooleanSupplier stop) {
    int epoch = completedEpochs + 1;
    long start = System.nanoTime();
    SplittableRandom rnd = new SplittableRandom(orderState);
    int[] order = split.train().clone();
    DataSplit.shuffle(order, rnd);
    long nextState = rnd.nextLong();

    accuracy.reset();
    double lossSum = 0;
    int batches = 0;
    int batchSize = config.batchSize();
    for (int from = 0; from < order.length; from += batchSize) {
      if (stop.getAsBoolean()) {
        throw new TrainingStopped(epoch, batches + 1);
      }
      int to = Math.min(order.length, from + batchSize);
      DataSet batch = Batches.batch(data.trainImages(), data.trainLabels(), order, from, to);
      int[] labels = new int[to - from];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = data.trainLabels()[order[from + i]];
      }
      // the score DL4J reports includes the weight-decay term; report the data loss only
      double reg = regularized ? net.calcRegularizationScore(true) : 0;
      accuracy.expect(labels);
      net.fit(batch);
      lossSum += net.score() - reg;
      batches++;
    }
    long trained = System.nanoTime();
    net.incrementEpochCount();
    LossAndAccuracy val =
        Evaluator.evaluate(net, data.trainImages(), data.trainLabels(), split.validation());
    double seconds = (System.nanoTime() - start) / 1e9;
    double trainSeconds = (trained - start) / 1e9;

    completedEpochs = epoch;
    orderState = nextState;
    return new EpochMetrics(
        epoch,
        lossSum / batches,
        (double) accuracy.correct() / accuracy.seen(),
        val.loss(),
        val.accuracy(),
        seconds,
        order.length / trainSeconds);
  }

  /** Loss and accuracy on the 10k test set; only for epochs that end a trial. */
  public LossAndAccuracy test() {
    return Evaluator.evaluate(
        net, data.testImages(), data.testLabels(), Batches.identity(data.testCount()));
  }

  /** The state after the last completed epoch. */
  public byte[] checkpoint() throws IOException {
    return new Checkpoint(completedEpochs, orderState, net).toBytes();
  }
}
