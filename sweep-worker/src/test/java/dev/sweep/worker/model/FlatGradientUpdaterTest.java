package dev.sweep.worker.model;

import static dev.sweep.worker.support.Configs.config;
import static dev.sweep.worker.support.Configs.mlp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.contract.TrainingConfig;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.junit.jupiter.api.Test;

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

    Bits.fitAlike(25, 16, ours, stock);

    assertThat(ours.params().data().asFloat()).isEqualTo(stock.params().data().asFloat());
    assertThat(ours.getUpdater().getStateViewArray().data().asFloat())
        .isEqualTo(stock.getUpdater().getStateViewArray().data().asFloat());
  }
}
