package dev.sweep.worker.bench;

import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.data.Batches;
import dev.sweep.worker.data.DataSplit;
import dev.sweep.worker.data.FashionMnist;
import dev.sweep.worker.model.Standalone;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The epoch as the worker ran it before fused layers, kept only as the "before" side of the A/B in
 * {@link WorkerBench}: DL4J's own {@code DenseLayer}/{@code OutputLayer} (whose backprop recomputes
 * the forward product and computes the input layer's gradient), new arrays for every batch, train
 * accuracy from an extra product in a listener, validation in chunks of 1,000.
 */
final class LegacyEpoch {
  private final FashionMnist data;
  private final DataSplit split;
  private final int batchSize;
  private final MultiLayerNetwork net;
  private final Accuracy accuracy = new Accuracy();
  private long orderState;

  LegacyEpoch(TrainingConfig c, FashionMnist data) {
    this.data = data;
    this.split = DataSplit.of(c.dataset(), data.trainCount());
    this.batchSize = c.batchSize();
    this.net = Standalone.network(c);
    this.orderState = new SplittableRandom(c.seed()).nextLong();
    net.setListeners(accuracy);
  }

  /** One epoch; returns the seconds spent training (before validation). */
  double train() {
    long start = System.nanoTime();
    SplittableRandom rnd = new SplittableRandom(orderState);
    int[] order = split.train().clone();
    DataSplit.shuffle(order, rnd);
    orderState = rnd.nextLong();
    double lossSum = 0;
    for (int from = 0; from < order.length; from += batchSize) {
      int to = Math.min(order.length, from + batchSize);
      DataSet batch = Batches.batch(data.trainImages(), data.trainLabels(), order, from, to);
      int[] labels = new int[to - from];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = data.trainLabels()[order[from + i]];
      }
      accuracy.expected = labels;
      net.fit(batch);
      lossSum += net.score();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    net.incrementEpochCount();
    int[] val = split.validation();
    for (int from = 0; from < val.length; from += 1000) {
      int to = Math.min(val.length, from + 1000);
      net.output(Batches.batch(data.trainImages(), data.trainLabels(), val, from, to).getFeatures())
          .data()
          .asFloat();
    }
    if (Double.isNaN(lossSum)) {
      throw new IllegalStateException("legacy run diverged");
    }
    return seconds;
  }

  /** The DL4J network it trains. */
  MultiLayerNetwork network() {
    return net;
  }

  int trainCount() {
    return split.train().length;
  }

  private static final class Accuracy extends BaseTrainingListener {
    int[] expected;
    long correct;

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
      MultiLayerNetwork n = (MultiLayerNetwork) model;
      INDArray hidden = activations.get(activations.size() - 1);
      org.deeplearning4j.nn.api.Layer out = n.getOutputLayer();
      int[] predicted =
          hidden.mmul(out.getParam("W")).addiRowVector(out.getParam("b")).argMax(1).toIntVector();
      for (int i = 0; i < predicted.length; i++) {
        correct += predicted[i] == expected[i] ? 1 : 0;
      }
    }
  }
}
