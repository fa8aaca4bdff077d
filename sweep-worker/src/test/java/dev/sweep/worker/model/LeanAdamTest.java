package dev.sweep.worker.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Our Adam step against DL4J's native one: the same bits in the update and in both states, on the
 * kind of arrays an updater block hands it (views at an offset into the network's flat gradient and
 * state arrays), over many steps, with a schedule.
 */
class LeanAdamTest {
  private static final int N = 1000;
  private static final int OFFSET = 37;

  @Test
  void stepsAreBitIdenticalToDl4jsAdam() {
    Adam stock = new Adam(0.003);
    LeanAdam lean = new LeanAdam(0.003);
    ExponentialSchedule schedule = new ExponentialSchedule(ScheduleType.ITERATION, 0.003, 0.97);
    stock.setLearningRateSchedule(schedule);
    lean.setLearningRateSchedule(schedule.clone());
    INDArray stockState = Nd4j.zeros(DataType.FLOAT, 1, 2 * N + 2 * OFFSET);
    INDArray leanState = Nd4j.zeros(DataType.FLOAT, 1, 2 * N + 2 * OFFSET);
    GradientUpdater<?> a = stock.instantiate(view(stockState, 2 * N), true);
    GradientUpdater<?> b = lean.instantiate(view(leanState, 2 * N), true);
    assertThat(b).isInstanceOf(LeanAdamUpdater.class);
    Nd4j.getRandom().setSeed(7);
    for (int step = 0; step < 300; step++) {
      INDArray g = Nd4j.randn(DataType.FLOAT, 1, N + OFFSET).muli(step % 50 == 0 ? 1e3 : 1e-2);
      INDArray ga = view(g.dup(), N);
      INDArray gb = view(g.dup(), N);
      a.applyUpdater(ga, step, 0);
      b.applyUpdater(gb, step, 0);
      assertThat(Bits.of(gb)).as("update at step %d", step).isEqualTo(Bits.of(ga));
    }
    assertThat(Bits.of(leanState)).isEqualTo(Bits.of(stockState));
  }

  @Test
  void trainsTheFusedNetworkAsDl4jsAdamDoes() {
    MultiLayerNetwork net = network(new LeanAdam(0.002));
    MultiLayerNetwork reference = network(new Adam(0.002));
    assertThat(
            ((org.deeplearning4j.nn.updater.BaseMultiLayerUpdater<?>) net.getUpdater())
                .getUpdaterBlocks()
                .get(0)
                .getGradientUpdater())
        .isInstanceOf(LeanAdamUpdater.class);
    Bits.fitAlike(5, 32, net, reference);
    assertThat(Bits.of(net.params())).isEqualTo(Bits.of(reference.params()));
    assertThat(Bits.of(net.getUpdater().getStateViewArray()))
        .isEqualTo(Bits.of(reference.getUpdater().getStateViewArray()));
  }

  @Test
  void modelFilesNameDl4jsOwnAdam() {
    Adam stock = new LeanAdam(0.01).stock();
    assertThat(stock.getClass()).isEqualTo(Adam.class);
    assertThat(stock.getLearningRate()).isEqualTo(0.01);
    assertThat(new LeanAdam(0.01).clone()).isInstanceOf(LeanAdam.class).isEqualTo(stock);
  }

  /** Two trials with the same updater settings but different learning rates, one fused network. */
  private static MultiLayerNetwork network(Adam updater) {
    TrialSettings first = new TrialSettings(updater, List.of(), List.of(), 0.0, 3L);
    Adam second = (Adam) updater.clone();
    second.setLearningRate(updater.getLearningRate() * 2);
    List<TrialSettings> trials = List.of(first, first.withUpdater(second));
    MultiLayerNetwork net =
        new MultiLayerNetwork(
            new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .seed(5)
                .dataType(DataType.FLOAT)
                .list()
                .layer(
                    new FusedDense(
                        trials,
                        true,
                        784,
                        64,
                        org.nd4j.linalg.activations.Activation.RELU,
                        org.deeplearning4j.nn.weights.WeightInit.RELU))
                .layer(new FusedOutput(trials, false, 64, 10))
                .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.feedForward(784))
                .build());
    net.init();
    net.setUpdater(new FlatGradientUpdater(net));
    return net;
  }

  /** {@code length} elements of a row, from {@link #OFFSET} on: a view, as DL4J cuts them. */
  private static INDArray view(INDArray row, int length) {
    return row.get(NDArrayIndex.point(0), NDArrayIndex.interval(OFFSET, OFFSET + length))
        .reshape(1, length);
  }
}
