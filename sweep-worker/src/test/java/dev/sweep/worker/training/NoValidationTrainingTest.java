package dev.sweep.worker.training;

import static dev.sweep.worker.support.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.data.FashionMnist;
import dev.sweep.worker.model.ModelFactory;
import dev.sweep.worker.support.TestData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code validation_size 0}: real DL4J training on 2,000 of the real training images, alone and
 * fused, with no validation images, so no validation metric; the test set is evaluated as always.
 */
class NoValidationTrainingTest {
  private final FashionMnist data = TestData.fashionMnist();

  @Test
  void aJobAloneTrainsOnTrainImagesOnlyAndReportsNoValidationMetrics() {
    TrainingConfig c = config().dataset(0, 2000, 7L).build();
    ModelFactory.validate(c); // the worker's check of what it receives: a valid configuration
    TrainingRun run = TrainingRun.start(c, data);

    EpochMetrics m = run.trainEpoch(() -> false);

    assertThat(run.split().train()).hasSize(2000);
    assertThat(run.split().validation()).isEmpty();
    assertThat(m.valLoss()).isNull();
    assertThat(m.valAccuracy()).isNull();
    assertThat(m.trainAccuracy()).isGreaterThan(0.3);
    assertThat(m.trainLoss()).isPositive().isFinite();
    // samples per second counts the 2,000 training images
    assertThat(m.samplesPerSecond()).isPositive();
    LossAndAccuracy test = run.test();
    assertThat(test.accuracy()).isGreaterThan(0.5);
    assertThat(test.loss()).isPositive().isFinite();
  }

  @Test
  void aFusedGroupTrainsEveryMemberWithoutValidationAndTestsEach() throws Exception {
    List<TrainingConfig> configs =
        List.of(
            config().dataset(0, 2000, 7L).build(),
            config().dataset(0, 2000, 7L).optimizer("sgd", 0.9).learningRate(0.05).build());
    TrainingGroup group = TrainingGroup.open(FusedTrainingTest.members(configs), data);

    GroupEpoch epoch = group.trainEpoch(job -> false);
    Map<Long, LossAndAccuracy> test = group.test(group.jobIds());

    assertThat(group.split().validation()).isEmpty();
    assertThat(epoch.trained()).hasSize(2);
    assertThat(epoch.trained().values())
        .allSatisfy(
            m -> {
              assertThat(m.valLoss()).isNull();
              assertThat(m.valAccuracy()).isNull();
              assertThat(m.trainAccuracy()).isGreaterThan(0.3);
            });
    assertThat(test.values()).allSatisfy(t -> assertThat(t.accuracy()).isGreaterThan(0.5));
    // each member is its own trial: the same training as alone (the fused tolerance)
    EpochMetrics alone = TrainingRun.start(configs.get(1), data).trainEpoch(() -> false);
    assertThat(epoch.trained().get(1L).trainLoss())
        .isCloseTo(
            alone.trainLoss(), org.assertj.core.data.Offset.offset(FusedTrainingTest.TOLERANCE));
  }
}
