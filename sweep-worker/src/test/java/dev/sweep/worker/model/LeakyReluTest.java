package dev.sweep.worker.model;

import static dev.sweep.worker.support.Configs.config;
import static dev.sweep.worker.support.Configs.mixer;
import static dev.sweep.worker.support.Configs.mlp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.contract.ModelSpec;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Issue 12: {@code leaky_relu} must not train like {@code relu}. Both start from the same weights
 * (same seed, both He-initialised), so any difference comes from the activation alone: a slope of
 * 0.01 below zero changes the outputs and the first update. With a slope of 0 both are identical.
 */
class LeakyReluTest {

  static List<ModelSpec> models() {
    return List.of(mixer(7, 16, 1, 8, 32), mlp(List.of(32)));
  }

  @ParameterizedTest
  @MethodSource("models")
  void leakyReluTrainsDifferentlyFromRelu(ModelSpec model) {
    MultiLayerNetwork relu = ModelFactory.build(config().model(model).activation("relu").build());
    MultiLayerNetwork leaky =
        ModelFactory.build(config().model(model).activation("leaky_relu").build());
    assertThat(leaky.params().toFloatVector()).containsExactly(relu.params().toFloatVector());

    Nd4j.getRandom().setSeed(5);
    INDArray images = Nd4j.rand(DataType.FLOAT, 32, 784);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, 32, 10);
    for (int i = 0; i < 32; i++) {
      labels.putScalar(i, i % 10, 1);
    }
    assertThat(leaky.output(images).data().asFloat())
        .isNotEqualTo(relu.output(images).data().asFloat());

    DataSet batch = new DataSet(images, labels);
    relu.fit(batch);
    leaky.fit(batch);
    assertThat(leaky.params().toFloatVector()).isNotEqualTo(relu.params().toFloatVector());
  }
}
