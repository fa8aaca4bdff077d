package dev.sweep.worker.model;

import static dev.sweep.worker.support.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The definition's {@code dropout} reaches the trial's settings, and the contract bounds it. */
class DropoutConfigTest {
  @Test
  void dropoutFromTheConfigurationIsTheTrialsRate() {
    assertThat(TrialSettings.of(config().dropout(0.25).build()).getDropout()).isEqualTo(0.25);
    assertThat(TrialSettings.of(config().build()).getDropout()).isZero();
  }

  @Test
  void dropoutOfOneIsRejectedWithTheFieldNamed() {
    assertThatThrownBy(() -> ModelFactory.validate(config().dropout(1.0).build()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("dropout must be in [0, 1) (got 1.0)");
  }
}
