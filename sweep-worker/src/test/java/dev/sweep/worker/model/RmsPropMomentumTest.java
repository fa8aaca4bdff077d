package dev.sweep.worker.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * rmsprop with momentum follows PyTorch's RMSprop (alpha 0.99, eps 1e-8): the momentum value
 * changes the steps. DL4J's RmsProp ignored it, so this failed before RmsPropMomentum.
 */
class RmsPropMomentumTest {
  private static final double LR = 0.01;
  private static final double MU = 0.9;
  private static final double[][] GRADIENTS = {
    {0.5, -1.0, 2.0, 0.0}, {0.4, -0.8, 1.0, 0.3}, {-0.2, 0.6, 0.5, -0.1}
  };

  @Test
  void stepsMatchPyTorchsFormula() {
    IUpdater config = Choices.updater("rmsprop", LR, MU);
    int n = GRADIENTS[0].length;
    INDArray view = Nd4j.zeros(DataType.DOUBLE, 1, config.stateSize(n));
    GradientUpdater<?> updater = config.instantiate(view, true);
    double[] s = new double[n];
    double[] b = new double[n];
    for (int step = 0; step < GRADIENTS.length; step++) {
      INDArray g = Nd4j.createFromArray(GRADIENTS[step].clone()).reshape(1, n);
      updater.applyUpdater(g, step, 0);
      for (int i = 0; i < n; i++) {
        double gi = GRADIENTS[step][i];
        s[i] = 0.99 * s[i] + 0.01 * gi * gi;
        b[i] = MU * b[i] + gi / (Math.sqrt(s[i]) + 1e-8);
        assertThat(g.getDouble(0, i)).as("step %d, %d", step, i).isCloseTo(LR * b[i], within());
      }
    }
  }

  @Test
  void withoutMomentumItIsDl4jsRmsProp() {
    assertThat(Choices.updater("rmsprop", LR, null))
        .isInstanceOf(org.nd4j.linalg.learning.config.RmsProp.class);
    assertThat(Choices.updater("rmsprop", LR, 0.0))
        .isInstanceOf(org.nd4j.linalg.learning.config.RmsProp.class);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
