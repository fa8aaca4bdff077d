package dev.sweep.worker.model;

import static dev.sweep.worker.support.Configs.config;
import static dev.sweep.worker.support.Configs.mlp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.data.Batches;
import dev.sweep.worker.data.FashionMnist;
import dev.sweep.worker.support.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.L2Regularization;

/** The fused MLP layers against DL4J's gradient check and against each trial computed alone. */
class FusedLayersTest {
  private final FashionMnist data = TestData.fashionMnist();

  @Test
  void fusedMlpPassesDl4jsGradientCheckInDoublePrecision() {
    DataType before = Nd4j.dataType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    try {
      TrainingConfig shape = config().model(mlp(List.of(7, 5))).activation("tanh").build();
      List<TrialSettings> trials = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        trials.add(TrialSettings.of(shape).withUpdater(new NoOp()));
      }
      MultiLayerNetwork net = ModelFactory.build(shape, trials, DataType.DOUBLE);
      scramble(net, 3);
      DataSet batch = batch(6);

      boolean ok =
          GradientCheckUtil.checkGradients(
              new GradientCheckUtil.MLNConfig()
                  .net(net)
                  .input(batch.getFeatures().castTo(DataType.DOUBLE))
                  .labels(batch.getLabels().castTo(DataType.DOUBLE))
                  .epsilon(1e-6)
                  .maxRelError(1e-5)
                  .minAbsoluteError(1e-9)
                  .subset(true)
                  .maxPerParam(40));

      assertThat(ok).isTrue();
    } finally {
      Nd4j.setDefaultDataTypes(before, before);
    }
  }

  @Test
  void eachTrialOfAFusedNetworkComputesWhatItComputesAlone() {
    TrainingConfig shape = config().model(mlp(List.of(32, 16))).build();
    int trials = 3;
    List<TrialSettings> settings = new ArrayList<>();
    for (int t = 0; t < trials; t++) {
      settings.add(TrialSettings.of(shape));
    }
    MultiLayerNetwork fused = ModelFactory.build(shape, settings, DataType.FLOAT);
    scramble(fused, 11);
    DataSet batch = batch(64);
    fused.setInput(batch.getFeatures());
    fused.setLabels(batch.getLabels());
    fused.computeGradientAndScore();
    INDArray fusedOut = fused.output(batch.getFeatures());
    double[] losses = ((FusedOutputLayer) fused.getOutputLayer()).trialLosses();

    double sum = 0;
    for (int t = 0; t < trials; t++) {
      MultiLayerNetwork alone = ModelFactory.build(shape, List.of(settings.get(t)), DataType.FLOAT);
      copySlice(fused, t, alone);
      alone.setInput(batch.getFeatures());
      alone.setLabels(batch.getLabels());
      alone.computeGradientAndScore();

      INDArray own = fusedOut.get(all(), interval(t * 10, t * 10 + 10));
      assertThat(own.sub(alone.output(batch.getFeatures())).amaxNumber().doubleValue())
          .isLessThan(1e-6);
      assertThat(losses[t]).isCloseTo(alone.score(), within(1e-6));
      for (int layer = 0; layer < fused.getnLayers(); layer++) {
        for (String p : List.of("W", "b")) {
          INDArray g = fused.gradient().getGradientFor(layer + "_" + FusedLayer.param(p, t));
          INDArray a = alone.gradient().getGradientFor(layer + "_" + FusedLayer.param(p, 0));
          assertThat(g.sub(a).amaxNumber().doubleValue()).as(layer + p).isLessThan(1e-4);
        }
      }
      sum += losses[t];
    }
    assertThat(fused.score()).isCloseTo(sum, within(1e-9));
  }

  @Test
  void parametersAreNamedPerTrialWithWeightsSideBySide() {
    TrainingConfig shape = config().model(mlp(List.of(4))).build();
    List<TrialSettings> settings =
        List.of(
            TrialSettings.of(shape),
            TrialSettings.of(shape)
                .withRegularization(List.of(new L2Regularization(1e-3)), List.of()));
    MultiLayerNetwork net = ModelFactory.build(shape, settings, DataType.FLOAT);

    assertThat(net.paramTable().keySet())
        .containsExactly("0_W.0", "0_W.1", "0_b.0", "0_b.1", "1_W.0", "1_W.1", "1_b.0", "1_b.1");
    FusedDense first = (FusedDense) net.getLayer(0).conf().getLayer();
    assertThat(first.getRegularizationByParam("W.0")).isEmpty();
    assertThat(first.getRegularizationByParam("W.1")).containsExactly(new L2Regularization(1e-3));
    assertThat(first.getRegularizationByParam("b.1")).isEmpty();
    // both trials start from the same weights: the ones a lone trial draws
    assertThat(net.getParam("0_W.1")).isEqualTo(net.getParam("0_W.0"));
    assertThat(
            ModelFactory.build(shape, List.of(settings.get(1)), DataType.FLOAT).getParam("0_W.0"))
        .isEqualTo(net.getParam("0_W.0"));
  }

  @Test
  void configurationSurvivesDl4jsJson() {
    TrainingConfig shape = config().build();
    MultiLayerConfiguration conf =
        ModelFactory.build(
                shape,
                List.of(
                    TrialSettings.of(shape).withDropout(0.25),
                    TrialSettings.of(config().optimizer("adamw", null).build())),
                DataType.FLOAT)
            .getLayerWiseConfigurations();

    assertThat(MultiLayerConfiguration.fromJson(conf.toJson())).isEqualTo(conf);
  }

  private DataSet batch(int n) {
    return Batches.batch(
        data.trainImages(), data.trainLabels(), Batches.identity(data.trainCount()), 0, n);
  }

  /** Gives every trial different parameters, so that a mix-up between trials would show. */
  private static void scramble(MultiLayerNetwork net, long seed) {
    Nd4j.getRandom().setSeed(seed);
    net.params().assign(Nd4j.randn(net.params().dataType(), net.params().shape()).muli(0.3));
  }

  private static void copySlice(MultiLayerNetwork fused, int t, MultiLayerNetwork alone) {
    for (Map.Entry<String, INDArray> e : alone.paramTable().entrySet()) {
      String key = e.getKey();
      String layer = key.substring(0, key.indexOf('_') + 1);
      String name = FusedLayer.baseName(key.substring(layer.length()));
      e.getValue().assign(fused.getParam(layer + FusedLayer.param(name, t)));
    }
  }

  private static org.nd4j.linalg.indexing.INDArrayIndex all() {
    return org.nd4j.linalg.indexing.NDArrayIndex.all();
  }

  private static org.nd4j.linalg.indexing.INDArrayIndex interval(long from, long to) {
    return org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to);
  }
}
