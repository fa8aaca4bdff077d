package dev.sweep.worker.training;

import static dev.sweep.worker.support.Configs.config;
import static dev.sweep.worker.support.Configs.mixer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.data.FashionMnist;
import dev.sweep.worker.support.TestData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real training on a 2,000-image subset of the real data. */
class TrainingRunTest {
  private final FashionMnist data = TestData.fashionMnist();

  @Test
  void mlpLearnsWellAboveChanceInOneEpochAndLossFallsOverThree() {
    List<EpochMetrics> epochs = train(config().build(), 3);

    assertThat(epochs.get(0).valAccuracy()).isGreaterThan(0.55);
    assertThat(epochs.get(0).trainAccuracy()).isGreaterThan(0.3);
    assertFalling(epochs);
  }

  @Test
  void mixerLearnsWellAboveChanceInOneEpochAndLossFallsOverThree() {
    TrainingConfig c = config().model(mixer(7, 32, 2, 16, 64)).build();
    List<EpochMetrics> epochs = train(c, 3);

    assertThat(epochs.get(0).valAccuracy()).isGreaterThan(0.4);
    assertFalling(epochs);
  }

  private List<EpochMetrics> train(TrainingConfig c, int n) {
    TrainingRun run = TrainingRun.start(c, data);
    List<EpochMetrics> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(run.trainEpoch(() -> false));
    }
    return out;
  }

  private static void assertFalling(List<EpochMetrics> epochs) {
    for (int i = 1; i < epochs.size(); i++) {
      assertThat(epochs.get(i).trainLoss()).isLessThan(epochs.get(i - 1).trainLoss());
    }
    assertThat(epochs.get(2).valLoss()).isLessThan(epochs.get(0).valLoss());
  }
}
