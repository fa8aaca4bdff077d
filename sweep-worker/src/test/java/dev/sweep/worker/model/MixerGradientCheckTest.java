package dev.sweep.worker.model;

import static dev.sweep.worker.support.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sweep.contract.ModelSpec;
import java.util.List;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.common.function.Consumer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Double-precision gradient checks of the hand-written backward passes: every parameter of the
 * stem, two blocks (skip and layer norm on), the patch mean and the output layer, against central
 * differences (epsilon 1e-6, relative error at most 1e-5). DL4J's updater must be plain SGD with
 * rate 1 for the check.
 */
class MixerGradientCheckTest {
  static final double EPSILON = 1e-6;
  static final int D = 4;
  static final double MAX_REL_ERROR = 1e-5;
  // central differences of a score near 2 carry about 1e-10 of rounding: below 1e-8 of absolute
  // difference a relative error means nothing
  static final double MIN_ABS_ERROR = 1e-8;

  @BeforeAll
  static void doublePrecision() {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
  }

  @AfterAll
  static void backToFloat() {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
  }

  @ParameterizedTest
  @EnumSource(ReferenceActivations.class)
  void everyActivationWithSkipAndLayerNorm(ReferenceActivations act) {
    assertThat(check(mixer(act.name, true, true), 3)).isTrue();
  }

  @Test
  void plainBlocks() {
    assertThat(check(mixer("tanh", false, false), 3)).isTrue();
  }

  /**
   * Two trials, the second with dropout 0.3 after each MLP's activation: the masks come from ND4J's
   * RNG, reset before every pass so that all passes drop the same units. A sample of 30 entries of
   * each parameter keeps it short.
   */
  @Test
  void twoFusedTrialsOneWithDropout() {
    MultiLayerNetwork net = fused(2, List.of(0.0, 0.3));
    assertThat(check(net, 3, 30, n -> Nd4j.getRandom().setSeed(99))).isTrue();
  }

  @Test
  void fusedTrialsComputeWhatEachComputesAlone() {
    MultiLayerNetwork one = mixer("tanh", true, true);
    MultiLayerNetwork other = mixer("tanh", true, true);
    other.setParams(Nd4j.rand(DataType.DOUBLE, 1, other.numParams()).subi(0.5));
    MultiLayerNetwork fused = fused(2, null);
    for (int layer = 0; layer <= 3; layer++) {
      var params = fused.getLayer(layer).paramTable();
      one.getLayer(layer).paramTable().forEach((k, v) -> params.get(k).assign(v));
      other
          .getLayer(layer)
          .paramTable()
          .forEach((k, v) -> params.get(k.replace(".0", ".1")).assign(v));
    }
    INDArray images = Nd4j.rand(DataType.DOUBLE, 4, 784);

    double[][] both = fused.feedForward(images, false).get(4).toDoubleMatrix();
    double[][] first = one.feedForward(images, false).get(4).toDoubleMatrix();
    double[][] second = other.feedForward(images, false).get(4).toDoubleMatrix();
    for (int b = 0; b < 4; b++) {
      for (int d = 0; d < D; d++) {
        assertThat(both[b][d]).isCloseTo(first[b][d], within(1e-12));
        assertThat(both[b][D + d]).isCloseTo(second[b][d], within(1e-12));
      }
    }
  }

  /** Stem, blocks and patch mean from {@link ModelFactory}, in double, random parameters. */
  private static MultiLayerNetwork mixer(String activation, boolean skip, boolean norm) {
    MultiLayerNetwork net =
        ModelFactory.build(
                config()
                    .model(new ModelSpec("mixer", null, 7, D, 2, 3, 5, skip, norm))
                    .activation(activation)
                    .optimizer("sgd", null)
                    .learningRate(1.0)
                    .build())
            .convertDataType(DataType.DOUBLE);
    Nd4j.getRandom().setSeed(11);
    net.setParams(Nd4j.rand(DataType.DOUBLE, 1, net.numParams()).subi(0.5));
    return net;
  }

  /** T trials side by side; a plain output layer reads all trials' features (for the check). */
  private static MultiLayerNetwork fused(int trials, List<Double> dropout) {
    var list =
        new NeuralNetConfiguration.Builder()
            .seed(5)
            .dataType(DataType.DOUBLE)
            .weightInit(WeightInit.XAVIER)
            .updater(new Sgd(1.0))
            .list()
            .layer(new MixerStem(7, D, trials));
    for (int i = 0; i < 2; i++) {
      MixerBlock block = new MixerBlock(16, D, 3, 5, Activation.TANH, true, true, trials);
      block.setDropout(dropout);
      list.layer(block);
    }
    list.layer(new PatchMean(16, D, trials))
        .layer(
            new OutputLayer.Builder(LossFunction.MCXENT)
                .nOut(10)
                .activation(Activation.SOFTMAX)
                .build())
        .setInputType(InputType.feedForward(784));
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    net.setParams(Nd4j.rand(DataType.DOUBLE, 1, net.numParams()).subi(0.5));
    return net;
  }

  static boolean check(MultiLayerNetwork net, int batch) {
    return check(net, batch, 0, null);
  }

  static boolean check(
      MultiLayerNetwork net, int batch, int perParam, Consumer<MultiLayerNetwork> eachPass) {
    Nd4j.getRandom().setSeed(7);
    INDArray images = Nd4j.rand(DataType.DOUBLE, batch, 784);
    INDArray labels = Nd4j.zeros(DataType.DOUBLE, batch, 10);
    for (int i = 0; i < batch; i++) {
      labels.putScalar(i, (3 * i) % 10, 1);
    }
    return GradientCheckUtil.checkGradients(
        new GradientCheckUtil.MLNConfig()
            .net(net)
            .input(images)
            .labels(labels)
            .epsilon(EPSILON)
            .maxRelError(MAX_REL_ERROR)
            .minAbsoluteError(MIN_ABS_ERROR)
            .subset(perParam > 0)
            .maxPerParam(perParam)
            .callEachIter(eachPass)
            .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
  }
}
