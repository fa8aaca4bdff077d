package dev.sweep.worker.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The bias add and ReLU loop against DL4J's ops, bit for bit, special values included. */
class BiasReluTest {
  @ParameterizedTest
  @CsvSource({"64, 101", "3, 4000", "1, 7"})
  void givesDl4jsBits(int rows, int cols) {
    Nd4j.getRandom().setSeed(11);
    INDArray z = Nd4j.randn(DataType.FLOAT, rows, cols).muli(3);
    float[] special = {
      0f,
      -0f,
      Float.NaN,
      Float.intBitsToFloat(0xffc00000), // a NaN with the sign bit set
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      Float.MIN_VALUE,
      -Float.MIN_VALUE,
      Float.MAX_VALUE,
      -Float.MAX_VALUE
    };
    for (int i = 0; i < special.length && i < z.length(); i++) {
      z.putScalar(i * 13L % z.length(), special[i]);
    }
    INDArray b = Nd4j.randn(DataType.FLOAT, 1, cols);
    b.putScalar(0, 0, -0f); // -0 + -0 stays -0, which ReLU keeps
    IActivation relu = Activation.RELU.getActivationFunction();

    INDArray expectedZ = z.dup().addiRowVector(b);
    INDArray expectedA = relu.getActivation(expectedZ.dup(), true);

    INDArray ours = z.dup();
    INDArray a = Nd4j.createUninitialized(DataType.FLOAT, rows, cols);
    assertThat(BiasRelu.plainRelu(relu)).isTrue();
    assertThat(new BiasRelu().apply(ours, b, a)).isTrue();
    assertThat(Bits.of(ours)).isEqualTo(Bits.of(expectedZ));
    assertThat(Bits.of(a)).isEqualTo(Bits.of(expectedA));

    INDArray biasOnly = z.dup();
    assertThat(new BiasRelu().apply(biasOnly, b, null)).isTrue();
    assertThat(Bits.of(biasOnly)).isEqualTo(Bits.of(expectedZ));
  }

  @ParameterizedTest
  @CsvSource({"LEAKYRELU", "RELU6", "TANH"})
  void otherActivationsAreNotItsToWrite(Activation activation) {
    assertThat(BiasRelu.plainRelu(activation.getActivationFunction())).isFalse();
  }
}
