package dev.sweep.worker.bench;

import dev.sweep.contract.DatasetSpec;
import dev.sweep.contract.ModelSpec;
import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.data.Batches;
import dev.sweep.worker.data.DataSplit;
import dev.sweep.worker.data.FashionMnist;
import dev.sweep.worker.runtime.NativeFlavour;
import dev.sweep.worker.training.EpochMetrics;
import dev.sweep.worker.training.Member;
import dev.sweep.worker.training.TrainingGroup;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Why {@code grids/quick.yaml}'s best trial moved: its configuration (relu, Adam 0.001, nll, batch
 * 128, 5 epochs, 20k training images, 5k validation, seed 42) trained on the same batches from the
 * same initial weights three times: by the worker's fused layers alone (T = 1), in its fused group
 * of the grid (the 4 relu jobs: learning rate x optimizer), and by DL4J's own {@code
 * DenseLayer}/{@code OutputLayer} (what the worker used before fused layers). Prints each epoch's
 * validation accuracy and the test accuracy of both. Run through {@code bench/layer-parity.sh}.
 */
public final class LayerParity {
  private LayerParity() {}

  public static void main(String[] args) throws Exception {
    NativeFlavour.select();
    FashionMnist data = TrainOne.fashionMnist();
    TrainingConfig c =
        new TrainingConfig(
            new DatasetSpec("fashion-mnist", 5000, 20_000, 42),
            new ModelSpec("mlp", List.of(256, 128), null, null, null, null, null, null, null),
            0.001,
            "adam",
            null,
            "nll",
            128,
            "relu",
            42L);
    TrainingGroup fused = TrainingGroup.open(List.of(Member.fresh(1, c)), data);
    // its fused group in the grid: the relu jobs (learning rate x optimizer), in job order
    List<Member> jobs = new java.util.ArrayList<>();
    for (double lr : new double[] {0.01, 0.001}) {
      for (String optimizer : new String[] {"adam", "sgd"}) {
        jobs.add(
            Member.fresh(
                jobs.size() + 1,
                new TrainingConfig(
                    c.dataset(), c.model(), lr, optimizer, null, "nll", 128, "relu", 42L)));
      }
    }
    TrainingGroup group = TrainingGroup.open(jobs, data);
    DataSplit split = DataSplit.of(c.dataset(), data.trainCount());
    // DL4J's own layers on TrainingGroup's batch order, as the worker trained before fused layers
    LegacyEpoch dl4j = new LegacyEpoch(c, data);
    for (int epoch = 1; epoch <= 5; epoch++) {
      EpochMetrics m = fused.trainEpoch(id -> false).trained().get(1L);
      EpochMetrics inGroup = group.trainEpoch(id -> false).trained().get(3L);
      dl4j.train();
      System.out.printf(
          "epoch %d  val accuracy: fused layers alone %.2f %%, in its group of 4 %.2f %%,"
              + " DL4J's layers %.2f %%%n",
          epoch,
          100 * m.valAccuracy(),
          100 * inGroup.valAccuracy(),
          100
              * accuracy(
                  dl4j.network(), data.trainImages(), data.trainLabels(), split.validation()));
    }
    System.out.printf(
        "test accuracy: fused layers alone %.2f %%, in its group of 4 %.2f %%, DL4J's layers %.2f"
            + " %%%n",
        100 * fused.test(List.of(1L)).get(1L).accuracy(),
        100 * group.test(List.of(3L)).get(3L).accuracy(),
        100
            * accuracy(
                dl4j.network(),
                data.testImages(),
                data.testLabels(),
                Batches.identity(data.testCount())));
  }

  private static double accuracy(MultiLayerNetwork net, byte[] images, byte[] labels, int[] rows) {
    DataSet ds = Batches.batch(images, labels, rows, 0, rows.length);
    int[] predicted = net.output(ds.getFeatures()).argMax(1).toIntVector();
    int correct = 0;
    for (int i = 0; i < rows.length; i++) {
      correct += predicted[i] == labels[rows[i]] ? 1 : 0;
    }
    return (double) correct / rows.length;
  }
}
