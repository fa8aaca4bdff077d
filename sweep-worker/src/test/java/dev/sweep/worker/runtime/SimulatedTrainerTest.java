package dev.sweep.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.support.Configs;
import dev.sweep.worker.training.EpochMetrics;
import dev.sweep.worker.training.TrainingStopped;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The simulated trainer of {@code --simulate}: seeded curves, resumable, stoppable. */
class SimulatedTrainerTest {
  private final SimulatedTrainer trainer = new SimulatedTrainer(Duration.ofMillis(20));
  private final TrainingConfig config = Configs.config().build();

  @Test
  void theSameConfigGivesTheSameImprovingCurveAlsoAfterAResume() throws Exception {
    Trainer.Run run = trainer.start(config);
    EpochMetrics first = run.trainEpoch(() -> false);
    byte[] checkpoint = run.checkpoint();
    EpochMetrics second = run.trainEpoch(() -> false);

    assertThat(first.epoch()).isEqualTo(1);
    assertThat(second.valAccuracy()).isGreaterThan(first.valAccuracy());
    assertThat(second.trainLoss()).isLessThan(first.trainLoss());
    assertThat(first.seconds()).isGreaterThanOrEqualTo(0.02);

    Trainer.Run resumed = trainer.resume(config, checkpoint);
    assertThat(resumed.completedEpochs()).isEqualTo(1);
    EpochMetrics again = resumed.trainEpoch(() -> false);
    assertThat(again.valAccuracy()).isEqualTo(second.valAccuracy());
    assertThat(again.trainLoss()).isEqualTo(second.trainLoss());
    assertThat(resumed.test()).isEqualTo(run.test());
    assertThat(trainer.backend()).isEqualTo("simulated");
  }

  @Test
  void aStopAbandonsTheEpochAndACheckpointOfAnotherConfigIsRefused() throws Exception {
    Trainer.Run run = trainer.start(config);
    assertThatThrownBy(() -> run.trainEpoch(() -> true)).isInstanceOf(TrainingStopped.class);
    assertThat(run.completedEpochs()).isZero();

    TrainingConfig other = Configs.config().learningRate(0.5).build();
    assertThatThrownBy(() -> trainer.resume(other, run.checkpoint()))
        .hasMessageContaining("another config");
  }
}
