package dev.sweep.worker.model;

import static dev.sweep.worker.support.Configs.config;
import static dev.sweep.worker.support.Configs.mlp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.contract.LrSchedule;
import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.data.Batches;
import dev.sweep.worker.data.FashionMnist;
import dev.sweep.worker.support.Configs;
import dev.sweep.worker.support.TestData;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * {@code weight_decay} and {@code lr_schedule} change one training step of a real MLP on
 * Fashion-MNIST exactly as their formulas say, computed by hand here: the step at epoch e equals a
 * plain SGD step with the schedule's rate for e, and weight decay adds {@code -lr * wd * w} to a
 * step (through the gradient for sgd, decoupled for adamw, where Adam's own step is unchanged).
 */
class ScheduleAndWeightDecayTest {
  private static final double LR = 0.1;
  private static final double TOLERANCE = 2e-6;

  private final FashionMnist data = TestData.fashionMnist();
  private final DataSet batch =
      new Batches(64).fill(data.trainImages(), data.trainLabels(), Batches.identity(64), 0, 64);

  private static Configs sgd() {
    return config().model(mlp(List.of(16))).optimizer("sgd", null).learningRate(LR);
  }

  @Test
  void everyScheduleStepsWithItsRateForTheEpoch() {
    // epochs 0..5; rates written out from the formulas in the README
    double c1 = (1 + Math.cos(Math.PI * 1 / 4)) / 2;
    double c2 = (1 + Math.cos(Math.PI * 2 / 4)) / 2;
    double c3 = (1 + Math.cos(Math.PI * 3 / 4)) / 2;
    check(new LrSchedule("constant", 2, null, null, null), 6, 1 / 3.0, 2 / 3.0, 1, 1, 1, 1);
    check(new LrSchedule("step", null, 2, 0.5, null), 6, 1, 1, 0.5, 0.5, 0.25, 0.25);
    check(new LrSchedule("exponential", 1, null, 0.5, null), 6, 0.5, 1, 0.5, 0.25, 0.125, 1 / 16.0);
    check(new LrSchedule("cosine", 1, null, null, null), 5, 0.5, 1, c1, c2, c3, 0);
    double m = 0.01 / LR; // min_lr as a fraction of lr
    check(
        new LrSchedule("cosine", null, null, null, 0.01),
        4,
        1,
        m + (1 - m) * (1 + Math.cos(Math.PI / 4)) / 2,
        m + (1 - m) / 2,
        m + (1 - m) * (1 + Math.cos(Math.PI * 3 / 4)) / 2);
  }

  private void check(LrSchedule schedule, int epochs, double... factors) {
    TrainingConfig scheduled = sgd().lrSchedule(schedule).epochs(epochs).build();
    for (int epoch = 0; epoch < factors.length; epoch++) {
      double rate = LR * factors[epoch];
      INDArray start = ModelFactory.build(scheduled).params().dup();
      INDArray withSchedule = step(scheduled, start, epoch);
      INDArray byHand = step(sgd().learningRate(rate == 0 ? 1e-30 : rate).build(), start, epoch);
      assertThat(maxDiff(withSchedule, byHand))
          .as("%s epoch %d", schedule.type(), epoch)
          .isLessThan(TOLERANCE);
      if (factors[epoch] != 1) {
        INDArray unscheduled = step(sgd().build(), start, epoch);
        assertThat(maxDiff(withSchedule, unscheduled)).isGreaterThan(100 * TOLERANCE);
      }
    }
  }

  @Test
  void sgdWeightDecayIsL2AddedToTheGradient() {
    double wd = 0.05;
    TrainingConfig plain = sgd().build();
    INDArray start = ModelFactory.build(plain).params().dup();

    INDArray decayed = step(sgd().weightDecay(wd).build(), start, 0);
    INDArray expected = step(plain, start, 0).sub(start.mul(LR * wd));

    assertThat(maxDiff(decayed, expected)).isLessThan(TOLERANCE);
    assertThat(maxDiff(decayed, step(plain, start, 0))).isGreaterThan(100 * TOLERANCE);
  }

  @Test
  void adamwWeightDecayIsDecoupledFromAdamsStep() {
    double lr = 0.01;
    double wd = 0.2;
    Configs adamw = config().model(mlp(List.of(16))).optimizer("adamw", null).learningRate(lr);
    INDArray start = ModelFactory.build(adamw.build()).params().dup();

    INDArray decayed = step(adamw.weightDecay(wd).build(), start, 0);
    INDArray noDecay = step(adamw.weightDecay(0.0).build(), start, 0);
    INDArray defaultDecay = step(adamw.weightDecay(null).build(), start, 0);

    assertThat(maxDiff(decayed, noDecay.sub(start.mul(lr * wd)))).isLessThan(TOLERANCE);
    // null keeps adamw's 0.01, so existing trials train as before
    assertThat(maxDiff(defaultDecay, noDecay.sub(start.mul(lr * 0.01)))).isLessThan(TOLERANCE);
  }

  @Test
  void aCosineScheduleWithoutEpochsIsAnInvalidConfig() {
    TrainingConfig c = sgd().lrSchedule(new LrSchedule("cosine", null, null, null, null)).build();
    assertThatThrownBy(() -> TrialSettings.of(c))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("needs epochs");
  }

  private INDArray step(TrainingConfig c, INDArray start, int epoch) {
    MultiLayerNetwork net = ModelFactory.build(c);
    net.setParams(start.dup());
    net.setEpochCount(epoch);
    net.fit(batch.getFeatures(), batch.getLabels());
    return net.params().dup();
  }

  private static double maxDiff(INDArray a, INDArray b) {
    return a.sub(b).amaxNumber().doubleValue();
  }
}
