package dev.sweep.worker.model;

import static dev.sweep.worker.support.Configs.config;
import static dev.sweep.worker.support.Configs.mlp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every activation a definition may name, in both models, against {@link ReferenceActivations}. The
 * mixer's whole forward pass is compared in {@link MixerForwardTest} and its derivatives are
 * covered by {@link MixerGradientCheckTest}; here the functions themselves, in float as they train.
 */
class ActivationReferenceTest {
  private static final double[] POINTS = {-4, -1.5, -0.7, -0.01, 0.003, 0.2, 0.9, 2.5, 6};

  @ParameterizedTest
  @EnumSource(ReferenceActivations.class)
  void mixerActivationAndDerivative(ReferenceActivations ref) {
    MixerActivation g = new MixerActivation(Choices.activation(ref.name).getActivationFunction());
    INDArray z = Nd4j.createFromArray(POINTS).castTo(DataType.FLOAT).reshape(1, POINTS.length);
    INDArray h = g.apply(z.dup(), true);
    INDArray dz =
        g.backprop(
            z.dup(),
            h,
            Nd4j.ones(DataType.FLOAT, 1, POINTS.length),
            LayerWorkspaceMgr.noWorkspaces());
    for (int i = 0; i < POINTS.length; i++) {
      assertThat(h.getDouble(0, i))
          .as("g(%s)", POINTS[i])
          .isCloseTo(ref.f.applyAsDouble(POINTS[i]), within(1e-6));
      assertThat(dz.getDouble(0, i))
          .as("g'(%s)", POINTS[i])
          .isCloseTo(ref.derivative.applyAsDouble(POINTS[i]), within(1e-5));
    }
  }

  @ParameterizedTest
  @EnumSource(ReferenceActivations.class)
  void mlpHiddenLayer(ReferenceActivations ref) {
    MultiLayerNetwork net =
        ModelFactory.build(config().model(mlp(List.of(16))).activation(ref.name).build());
    Nd4j.getRandom().setSeed(9);
    INDArray images = Nd4j.rand(DataType.FLOAT, 4, 784);
    double[][] hidden = net.feedForward(images, false).get(1).toDoubleMatrix();
    double[][] w = net.getLayer(0).getParam(FusedLayer.param("W", 0)).toDoubleMatrix();
    double[] b = net.getLayer(0).getParam(FusedLayer.param("b", 0)).toDoubleVector();
    double[][] x = images.toDoubleMatrix();
    for (int r = 0; r < 4; r++) {
      for (int j = 0; j < 16; j++) {
        double z = b[j];
        for (int i = 0; i < 784; i++) {
          z += x[r][i] * w[i][j];
        }
        assertThat(hidden[r][j]).isCloseTo(ref.f.applyAsDouble(z), within(1e-5));
      }
    }
  }
}
