package dev.sweep.worker.training;

import static dev.sweep.worker.support.Configs.config;
import static dev.sweep.worker.support.Configs.mixer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.contract.LrSchedule;
import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.data.FashionMnist;
import dev.sweep.worker.support.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A job aborted in epoch 2 of 3 and resumed from its epoch-1 checkpoint in a fresh network must
 * report exactly what an uninterrupted run reports, and end with exactly the same parameters.
 */
class ResumeTest {
  private final FashionMnist data = TestData.fashionMnist();

  @Test
  void mlpWithAdamResumesBitIdentically() throws Exception {
    assertResumesExactly(config().build());
  }

  @Test
  void mixerWithMomentumSgdResumesBitIdentically() throws Exception {
    assertResumesExactly(
        config()
            .model(mixer(7, 16, 1, 8, 32))
            .optimizer("sgd", 0.9)
            .learningRate(0.05)
            .activation("gelu")
            .dataset(300, 600, 3L)
            .build());
  }

  @Test
  void mlpWithDropoutAndRmspropMomentumResumesBitIdentically() throws Exception {
    assertResumesExactly(
        config().optimizer("rmsprop", 0.9).dropout(0.2).dataset(300, 600, 5L).build());
  }

  @Test
  void mixerWithDropoutAndAdamwResumesBitIdentically() throws Exception {
    assertResumesExactly(
        config()
            .model(mixer(7, 16, 1, 8, 32))
            .optimizer("adamw", null)
            .dropout(0.3)
            .dataset(300, 600, 3L)
            .build());
  }

  @Test
  void mlpWithNesterovResumesBitIdentically() throws Exception {
    assertResumesExactly(
        config().optimizer("nesterov", 0.8).learningRate(0.02).dataset(300, 600, 4L).build());
  }

  @Test
  void mlpWithCosineScheduleAndWeightDecayResumesBitIdentically() throws Exception {
    // the rate differs in each of the 3 epochs, so a resume at the wrong epoch would show
    assertResumesExactly(
        config()
            .optimizer("sgd", 0.9)
            .learningRate(0.05)
            .weightDecay(0.01)
            .lrSchedule(new LrSchedule("cosine", 1, null, null, 0.001))
            .epochs(3)
            .dataset(300, 600, 6L)
            .build());
  }

  @Test
  void mixerWithStepScheduleAndAdamwDecayResumesBitIdentically() throws Exception {
    assertResumesExactly(
        config()
            .model(mixer(7, 16, 1, 8, 32))
            .optimizer("adamw", null)
            .weightDecay(0.1)
            .lrSchedule(new LrSchedule("step", null, 1, 0.5, null))
            .dataset(300, 600, 7L)
            .build());
  }

  private void assertResumesExactly(TrainingConfig c) throws Exception {
    TrainingRun straight = TrainingRun.start(c, data);
    List<EpochMetrics> expected = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      expected.add(straight.trainEpoch(() -> false));
    }

    TrainingRun first = TrainingRun.start(c, data);
    List<EpochMetrics> actual = new ArrayList<>();
    actual.add(first.trainEpoch(() -> false));
    byte[] checkpoint = first.checkpoint();
    AtomicInteger batches = new AtomicInteger();
    assertThatThrownBy(() -> first.trainEpoch(() -> batches.incrementAndGet() > 3))
        .isInstanceOf(TrainingStopped.class);

    TrainingRun resumed = TrainingRun.resume(c, data, checkpoint);
    assertThat(resumed.completedEpochs()).isEqualTo(1);
    actual.add(resumed.trainEpoch(() -> false));
    actual.add(resumed.trainEpoch(() -> false));

    assertThat(actual)
        .extracting(ResumeTest::withoutTiming)
        .containsExactlyElementsOf(expected.stream().map(ResumeTest::withoutTiming).toList());
    assertThat(resumed.network().params().toFloatVector())
        .containsExactly(straight.network().params().toFloatVector());
    assertThat(resumed.test()).isEqualTo(straight.test());
  }

  private static List<Double> withoutTiming(EpochMetrics m) {
    return List.of(
        (double) m.epoch(), m.trainLoss(), m.trainAccuracy(), m.valLoss(), m.valAccuracy());
  }
}
