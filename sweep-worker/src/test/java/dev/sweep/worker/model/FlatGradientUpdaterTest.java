package dev.sweep.worker.model;

import static dev.sweep.worker.support.Configs.config;
import static dev.sweep.worker.support.Configs.mlp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.contract.TrainingConfig;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The worker's updater (flat gradient, {@link LeanUpdaterBlock}s) against DL4J's own {@code
 * MultiLayerUpdater} on the same fused network: parameters and optimizer state bit for bit, with
 * Adam, momentum SGD and weight decay (the regularisation steps around the optimizer) in one group.
 */
class FlatGradientUpdaterTest {
  @Test
  void trainsAsDl4jsOwnUpdater() {
    List<TrainingConfig> group =
        List.of(
            config().model(mlp(List.of(32, 16))).learningRate(0.01).build(),
            config().model(mlp(List.of(32, 16))).optimizer("sgd", 0.9).learningRate(0.05).build(),
            config().model(mlp(List.of(32, 16))).learningRate(0.002).weightDecay(1e-3).build());
    MultiLayerNetwork ours = ModelFactory.build(group);
    MultiLayerNetwork stock = ModelFactory.build(group);
    stock.setUpdater(new MultiLayerUpdater(stock));
    assertThat(ours.getUpdater()).isInstanceOf(FlatGradientUpdater.class);

    Nd4j.getRandom().setSeed(11);
    for (int step = 0; step < 25; step++) {
      INDArray x = Nd4j.rand(DataType.FLOAT, 16, 784);
      INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 10);
      for (int i = 0; i < 16; i++) {
        y.putScalar(i, (i * 7 + step) % 10, 1f);
      }
      ours.fit(x, y);
      stock.fit(x, y);
    }

    assertThat(ours.params().data().asFloat()).isEqualTo(stock.params().data().asFloat());
    assertThat(ours.getUpdater().getStateViewArray().data().asFloat())
        .isEqualTo(stock.getUpdater().getStateViewArray().data().asFloat());
  }
}
