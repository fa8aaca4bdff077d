package dev.sweep.worker.model;

import static dev.sweep.worker.support.Configs.config;
import static dev.sweep.worker.support.Configs.mlp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.data.Batches;
import dev.sweep.worker.data.FashionMnist;
import dev.sweep.worker.support.TestData;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Settings the training configuration does not carry yet (dropout, weight decay, schedules) are per
 * trial in the fused layers: each trial trains as it trains alone, and dropout masks are
 * reproducible.
 */
class TrialSettingsTest {
  private static final int STEPS = 12;

  /**
   * Fused products sum in another order than a lone trial's, so weights differ by float rounding.
   * Adam divides by sqrt(v): for input pixels whose gradients are almost zero, rounding noise
   * becomes a step-sized difference. Measured: at most 3.1e-6 for the plain trials, 4.0e-5 for the
   * input layer of the Adam + weight-decay trial on an AMD EPYC (AVX2 BLAS); earlier machines
   * stayed under 1e-5.
   */
  private static final double WEIGHT_TOLERANCE = 1e-4;

  private final FashionMnist data = TestData.fashionMnist();
  private final TrainingConfig shape = config().model(mlp(List.of(48, 24))).build();

  private List<TrialSettings> trials() {
    TrialSettings base = TrialSettings.of(shape);
    return List.of(
        base,
        base.withDropout(0.3),
        base.withUpdater(new Sgd(0.05))
            .withRegularization(List.of(new L2Regularization(1e-2)), List.of()),
        base.withUpdater(new Adam(new ExponentialSchedule(ScheduleType.ITERATION, 0.01, 0.8)))
            .withRegularization(
                List.of(new WeightDecay(0.05, true)), List.of(new WeightDecay(0.05, true)))
            .withDropout(0.5));
  }

  @Test
  void everyTrialTrainsInTheGroupAsItTrainsAlone() {
    List<TrialSettings> trials = trials();
    MultiLayerNetwork fused = train(trials);

    for (int t = 0; t < trials.size(); t++) {
      MultiLayerNetwork alone = train(List.of(trials.get(t)));
      for (int layer = 0; layer < 3; layer++) {
        for (String p : List.of("W", "b")) {
          double diff =
              fused
                  .getParam(layer + "_" + FusedLayer.param(p, t))
                  .sub(alone.getParam(layer + "_" + FusedLayer.param(p, 0)))
                  .amaxNumber()
                  .doubleValue();
          assertThat(diff).as("trial %d layer %d %s", t, layer, p).isLessThan(WEIGHT_TOLERANCE);
        }
      }
    }
  }

  @Test
  void theSettingsChangeTrainingAndDropoutIsReproducible() {
    MultiLayerNetwork a = train(trials());
    MultiLayerNetwork b = train(trials());

    assertThat(a.params().toFloatVector()).containsExactly(b.params().toFloatVector());
    float[] plain = a.getParam("1_W.0").dup().data().asFloat();
    for (int t = 1; t < 4; t++) {
      assertThat(a.getParam("1_W." + t).dup().data().asFloat())
          .as("trial " + t)
          .isNotEqualTo(plain);
    }
  }

  private MultiLayerNetwork train(List<TrialSettings> trials) {
    MultiLayerNetwork net = ModelFactory.build(shape, trials, DataType.FLOAT);
    int[] rows = Batches.identity(data.trainCount());
    Batches batches = new Batches(64);
    for (int s = 0; s < STEPS; s++) {
      DataSet batch =
          batches.fill(data.trainImages(), data.trainLabels(), rows, s * 64, s * 64 + 64);
      net.fit(batch.getFeatures(), batch.getLabels());
    }
    return net;
  }
}
