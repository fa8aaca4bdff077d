package dev.sweep.worker.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Our activation backprop and bias gradient against DL4J's, bit for bit, on values that include 0
 * and ±large (and for ReLU, NaN, ±infinity and the smallest subnormals).
 */
class ActivationBackpropTest {
  @ParameterizedTest
  @EnumSource(
      value = Activation.class,
      names = {"RELU", "TANH", "SIGMOID"})
  void givesDl4jsBits(Activation activation) {
    IActivation fn = activation.getActivationFunction();
    Nd4j.getRandom().setSeed(7);
    // 3 chunks and a bit, so the loop's chunk edges are crossed
    INDArray z = Nd4j.randn(DataType.FLOAT, 64, 101).muli(4);
    z.putScalar(0, 0, 0f);
    z.putScalar(1, 1, -0f);
    z.putScalar(2, 2, 40f);
    z.putScalar(3, 3, -40f);
    INDArray eps = Nd4j.randn(DataType.FLOAT, 64, 101);
    if (activation == Activation.RELU) {
      z.putScalar(4, 4, Float.NaN);
      z.putScalar(5, 5, Float.POSITIVE_INFINITY);
      z.putScalar(6, 6, Float.NEGATIVE_INFINITY);
      z.putScalar(7, 7, Float.MIN_VALUE);
      z.putScalar(8, 8, -Float.MIN_VALUE);
    }
    INDArray a = fn.getActivation(z.dup(), true);
    INDArray expected = fn.backprop(z.dup(), eps.dup()).getFirst();
    INDArray expectedBias = expected.sum(0);

    INDArray ours = z.dup();
    INDArray bias = Nd4j.createUninitialized(DataType.FLOAT, 1, 101);
    assertThat(new ActivationBackprop().apply(fn, ours, a, eps, bias)).isTrue();

    assertThat(Bits.of(ours)).isEqualTo(Bits.of(expected));
    assertThat(Bits.of(bias)).isEqualTo(Bits.of(expectedBias.reshape(1, 101)));
  }

  @ParameterizedTest
  @EnumSource(
      value = Activation.class,
      names = {"GELU", "ELU", "LEAKYRELU"})
  void leavesOtherActivationsToDl4j(Activation activation) {
    INDArray z = Nd4j.ones(DataType.FLOAT, 2, 3);
    assertThat(
            new ActivationBackprop()
                .apply(activation.getActivationFunction(), z, z.dup(), z.dup(), z.getRow(0).dup()))
        .isFalse();
    assertThat(z.data().asFloat()).containsOnly(1f);
  }
}
