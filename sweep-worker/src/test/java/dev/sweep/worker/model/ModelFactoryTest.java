package dev.sweep.worker.model;

import static dev.sweep.worker.support.Configs.config;
import static dev.sweep.worker.support.Configs.mixer;
import static dev.sweep.worker.support.Configs.mlp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.contract.ModelSpec;
import dev.sweep.contract.TrainingConfig;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.factory.Nd4j;

class ModelFactoryTest {

  @ParameterizedTest
  @ValueSource(longs = {0L, 1L, 42L, -7L})
  void weightsAreSeededForEverySeedIncludingZero(long seed) {
    TrainingConfig c = config().seed(seed).build();

    float[] a = ModelFactory.build(c).params().toFloatVector();
    float[] b = ModelFactory.build(c).params().toFloatVector();

    assertThat(a).containsExactly(b);
    assertThat(ModelFactory.build(config().seed(seed + 1).build()).params().toFloatVector())
        .isNotEqualTo(a);
  }

  @Test
  void mlpIsFlattenThenHiddenLayersThenSoftmax() {
    MultiLayerNetwork net = ModelFactory.build(config().model(mlp(List.of(256, 128))).build());

    assertThat(net.getnLayers()).isEqualTo(3);
    assertThat(((FusedDense) net.getLayer(0).conf().getLayer()).getNOut()).isEqualTo(256);
    assertThat(((FusedDense) net.getLayer(1).conf().getLayer()).getNOut()).isEqualTo(128);
    assertThat(net.numParams()).isEqualTo(784L * 256 + 256 + 256L * 128 + 128 + 128L * 10 + 10);
  }

  @Test
  void mixerHasTheSeedsShape() {
    MultiLayerNetwork net = ModelFactory.build(config().model(mixer(7, 128, 2, 64, 256)).build());

    // stem 49x128+128; per block token 16x64+64+64x16+16, channel 128x256+256+256x128+128; head
    // 128x10+10
    long block = 16 * 64 + 64 + 64 * 16 + 16 + 128 * 256 + 256 + 256 * 128 + 128;
    assertThat(net.numParams()).isEqualTo(49 * 128 + 128 + 2 * block + 128 * 10 + 10);
    assertThat(net.output(Nd4j.rand(3, 784)).shape()).containsExactly(3, 10);
  }

  @Test
  void badConfigurationsAreRejectedWithTheFieldNamed() {
    assertThatThrownBy(() -> ModelFactory.validate(config().model(mixer(5, 8, 1, 8, 8)).build()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("patch_size must divide 28");
    assertThatThrownBy(() -> ModelFactory.validate(config().optimizer("adagrad", null).build()))
        .hasMessageContaining(
            "optimizer must be one of adam, sgd, adamw, rmsprop, nesterov (got adagrad)");
    assertThatThrownBy(() -> ModelFactory.validate(config().loss("mse").build()))
        .hasMessageContaining("loss must be one of nll, cross_entropy (got mse)");
    assertThatThrownBy(() -> ModelFactory.validate(config().learningRate(-1).build()))
        .hasMessageContaining("learning_rate must be greater than 0 (got -1.0)");
    assertThatThrownBy(() -> ModelFactory.validate(config().batchSize(0).build()))
        .hasMessageContaining("batch_size");
    assertThatThrownBy(
            () ->
                ModelFactory.validate(
                    config()
                        .model(new ModelSpec("mlp", null, null, null, null, null, null, null, null))
                        .build()))
        .hasMessageContaining("model.hidden_layers is required for model type mlp");
  }
}
