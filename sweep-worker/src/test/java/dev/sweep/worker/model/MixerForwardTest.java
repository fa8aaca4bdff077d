package dev.sweep.worker.model;

import static dev.sweep.worker.support.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sweep.contract.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The mixer's forward pass equals {@link MixerReference}, a plain-loop version of its definition,
 * for every activation, with and without skip and layer norm. All parameters are random (not the
 * zero biases and unit gains of initialisation), so each one's role is checked. In double precision
 * the two agree to about 1e-15, except gelu (about 1e-9: libnd4j's constant 1.702 is a float); the
 * bound is 1e-8.
 */
class MixerForwardTest {
  private static final int BLOCKS = 2;

  static List<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (ReferenceActivations a : ReferenceActivations.values()) {
      for (boolean skip : new boolean[] {false, true}) {
        for (boolean norm : new boolean[] {false, true}) {
          out.add(Arguments.of(a, skip, norm));
        }
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0} skip={1} layer_norm={2}")
  @MethodSource("cases")
  void forwardEqualsTheLoopReference(ReferenceActivations act, boolean skip, boolean norm) {
    MultiLayerNetwork net =
        ModelFactory.build(
                config()
                    .model(new ModelSpec("mixer", null, 7, 6, BLOCKS, 5, 9, skip, norm))
                    .activation(act.name)
                    .build())
            .convertDataType(DataType.DOUBLE);
    Nd4j.getRandom().setSeed(3);
    net.setParams(Nd4j.rand(DataType.DOUBLE, 1, net.numParams()).subi(0.5));
    INDArray images = Nd4j.rand(DataType.DOUBLE, 3, 784);

    double[][] expected = new MixerReference(net, 7, BLOCKS, skip, norm, act.f, 0).features(images);
    // activations: [input, stem, block 1, block 2, patch mean, output]
    double[][] actual = net.feedForward(images, false).get(BLOCKS + 2).toDoubleMatrix();

    for (int b = 0; b < expected.length; b++) {
      for (int d = 0; d < expected[b].length; d++) {
        assertThat(actual[b][d])
            .as("example %d feature %d", b, d)
            .isCloseTo(expected[b][d], within(1e-8));
      }
    }
  }
}
