package dev.sweep.api.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sweep.contract.DatasetSpec;
import dev.sweep.contract.ModelSpec;
import dev.sweep.contract.TrainingConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The estimate orders jobs as the bench measured them, with the ratios its comment gives. */
class PlannedWorkTest {
  static final TrainingConfig DEFAULT = TrainingConfig.DEFAULTS;

  static TrainingConfig with(int batch, String activation) {
    return config(DEFAULT.dataset(), DEFAULT.model(), batch, activation);
  }

  static TrainingConfig with(ModelSpec model) {
    return config(DEFAULT.dataset(), model, DEFAULT.batchSize(), DEFAULT.activation());
  }

  static TrainingConfig with(DatasetSpec dataset) {
    return config(dataset, DEFAULT.model(), DEFAULT.batchSize(), DEFAULT.activation());
  }

  private static TrainingConfig config(
      DatasetSpec dataset, ModelSpec model, int batch, String activation) {
    return new TrainingConfig(
        dataset,
        model,
        DEFAULT.learningRate(),
        DEFAULT.optimizer(),
        DEFAULT.momentum(),
        DEFAULT.loss(),
        batch,
        activation,
        DEFAULT.seed());
  }

  @Test
  void oneEpochOfTheDefaultConfigurationIsOne() {
    assertThat(PlannedWork.of(DEFAULT, 1)).isEqualTo(1.0);
    assertThat(PlannedWork.of(DEFAULT, 6)).isEqualTo(6.0);
  }

  @Test
  void batch64CostsExactlyTwiceBatch256AndSmallerBatchesCostMore() {
    for (String activation : List.of("relu", "tanh")) {
      double b64 = PlannedWork.of(with(64, activation), 6);
      double b256 = PlannedWork.of(with(256, activation), 6);
      assertThat(b64 / b256).isEqualTo(2.0);
      assertThat(PlannedWork.of(with(32, activation), 6)).isGreaterThan(b64);
      assertThat(PlannedWork.of(with(1024, activation), 6)).isLessThan(b256);
    }
  }

  @Test
  void transcendentalActivationsCost15PercentMoreThanRelu() {
    double relu = PlannedWork.of(with(256, "relu"), 6);
    assertThat(PlannedWork.of(with(256, "leaky_relu"), 6)).isEqualTo(relu);
    for (String activation : List.of("tanh", "sigmoid", "gelu", "elu")) {
      double work = PlannedWork.of(with(256, activation), 6);
      assertThat(work).as(activation).isGreaterThan(relu);
      assertThat(work / relu).as(activation).isCloseTo(1.15, within(1e-12));
    }
  }

  @Test
  void theBenchGroupsComeInTheOrderTheyTook() {
    // grids/bench.yaml's groups measured b64/tanh 15.9 s > b64/relu 14.2 s > b256/tanh 8.0 s
    // > b256/relu 6.9 s
    assertThat(PlannedWork.of(with(64, "tanh"), 6))
        .isGreaterThan(PlannedWork.of(with(64, "relu"), 6));
    assertThat(PlannedWork.of(with(64, "relu"), 6))
        .isGreaterThan(PlannedWork.of(with(256, "tanh"), 6));
    assertThat(PlannedWork.of(with(256, "tanh"), 6))
        .isGreaterThan(PlannedWork.of(with(256, "relu"), 6));
  }

  @Test
  void moreEpochsAreMoreWorkInProportion() {
    assertThat(PlannedWork.of(with(64, "tanh"), 7))
        .isGreaterThan(PlannedWork.of(with(64, "tanh"), 6));
    assertThat(PlannedWork.of(DEFAULT, 10) / PlannedWork.of(DEFAULT, 5)).isEqualTo(2.0);
  }

  @Test
  void theMixerIsMoreWorkThanTheMlpAndWiderLayersMoreThanNarrow() {
    assertThat(PlannedWork.of(with(ModelSpec.defaults("mixer")), 6))
        .isGreaterThan(PlannedWork.of(with(ModelSpec.defaults("mlp")), 6));
    ModelSpec wide =
        new ModelSpec("mlp", List.of(512, 256), null, null, null, null, null, null, null);
    assertThat(PlannedWork.of(with(wide), 6))
        .isGreaterThan(PlannedWork.of(with(ModelSpec.defaults("mlp")), 6));
  }

  @Test
  void multiplyAddsFollowTheLayers() {
    // 784*256 + 256*128 + 128*10
    assertThat(PlannedWork.multiplyAdds(ModelSpec.defaults("mlp"))).isEqualTo(234_752);
    // patch 7: 16 patches; stem 16*49*128; 2 blocks of token 2*128*16*64 and channel
    // 2*16*128*256; head 128*10
    assertThat(PlannedWork.multiplyAdds(ModelSpec.defaults("mixer")))
        .isEqualTo(16 * 49 * 128 + 2 * (2 * 128 * 16 * 64 + 2 * 16 * 128 * 256) + 128 * 10);
  }

  @Test
  void trainingImagesAreWhatTheSplitLeaves() {
    assertThat(PlannedWork.trainingImages(DEFAULT)).isEqualTo(50_000);
    TrainingConfig bench = with(new DatasetSpec("fashion-mnist", 5000, 10_000, 42));
    assertThat(PlannedWork.trainingImages(bench)).isEqualTo(10_000);
    assertThat(PlannedWork.of(bench, 1)).isCloseTo(0.2, within(1e-12));
    TrainingConfig all = with(new DatasetSpec("fashion-mnist", 0, null, 42));
    assertThat(PlannedWork.trainingImages(all)).isEqualTo(60_000);
  }
}
