package dev.sweep.worker.training;

import static dev.sweep.worker.support.Configs.config;
import static dev.sweep.worker.support.Configs.mixer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.data.FashionMnist;
import dev.sweep.worker.support.TestData;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Fused groups against the same jobs trained alone, on a 2,000-image subset of the real data. The
 * tolerance is measured: see {@link #TOLERANCE}.
 */
class FusedTrainingTest {
  /**
   * Largest difference allowed between a job's per-epoch metric (train and validation loss and
   * accuracy, test loss and accuracy) fused and alone. A trial does the same arithmetic in both,
   * except that the first layer's single product covers all trials' weights: BLAS blocks a wider
   * product differently, which moves float32 roundings. Measured here (4 jobs x 3 epochs, 2,000
   * images, 2 threads, generic x86_64 natives): at most 1.2e-7. Trials beside a diverging one
   * matched the group without it exactly (0). The bound leaves two orders of magnitude for other
   * BLAS builds and thread counts; an accuracy would move by a whole example (2e-3) only if a
   * prediction sat on a tie within that noise.
   */
  static final double TOLERANCE = 1e-5;

  private final FashionMnist data = TestData.fashionMnist();

  /** Four different optimizers and learning rates, one fusion key. */
  static List<TrainingConfig> four() {
    return List.of(
        config().build(),
        config().optimizer("sgd", 0.9).learningRate(0.05).build(),
        config().optimizer("nesterov", null).learningRate(0.02).build(),
        config().optimizer("adam", null).learningRate(0.003).loss("nll").build());
  }

  @Test
  void fourTrialsFusedAgreeWithTheSameFourAloneOnEveryEpochMetric() throws Exception {
    List<TrainingConfig> configs = four();
    TrainingGroup group = TrainingGroup.open(members(configs), data);
    Map<Long, List<EpochMetrics>> fused = train(group, 3);
    Map<Long, LossAndAccuracy> fusedTest = group.test(group.jobIds());

    double worst = 0;
    for (int j = 0; j < configs.size(); j++) {
      TrainingRun alone = TrainingRun.start(configs.get(j), data);
      for (int e = 0; e < 3; e++) {
        EpochMetrics a = alone.trainEpoch(() -> false);
        EpochMetrics f = fused.get((long) j).get(e);
        worst = Math.max(worst, maxDifference(metrics(a), metrics(f)));
      }
      LossAndAccuracy t = alone.test();
      worst =
          Math.max(
              worst,
              maxDifference(
                  List.of(t.loss(), t.accuracy()),
                  List.of(fusedTest.get((long) j).loss(), fusedTest.get((long) j).accuracy())));
    }
    System.out.printf("fused vs alone: largest metric difference %.3g%n", worst);
    assertThat(worst).isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void aFusedMixerGroupAgreesWithItsTrialsAloneAndResumesBitIdentically() throws Exception {
    List<TrainingConfig> configs =
        List.of(
            config().model(mixer(7, 16, 1, 8, 32)).build(),
            config().model(mixer(7, 16, 1, 8, 32)).optimizer("sgd", 0.9).learningRate(0.05).build(),
            config().model(mixer(7, 16, 1, 8, 32)).learningRate(0.003).build());
    TrainingGroup group = TrainingGroup.open(members(configs), data);
    Map<Long, List<EpochMetrics>> fused = train(group, 1);
    List<Member> resumed = new ArrayList<>();
    for (int j = 0; j < configs.size(); j++) {
      resumed.add(new Member(j, configs.get(j), group.checkpoint(j)));
    }
    train(group, 1).forEach((job, l) -> fused.get(job).addAll(l));
    Map<Long, List<EpochMetrics>> again = train(TrainingGroup.open(resumed, data), 1);

    double worst = 0;
    for (int j = 0; j < configs.size(); j++) {
      TrainingRun alone = TrainingRun.start(configs.get(j), data);
      for (int e = 0; e < 2; e++) {
        worst =
            Math.max(
                worst,
                maxDifference(
                    metrics(alone.trainEpoch(() -> false)), metrics(fused.get((long) j).get(e))));
      }
      assertThat(metrics(again.get((long) j).get(0)))
          .isEqualTo(metrics(fused.get((long) j).get(1)));
    }
    System.out.printf("fused mixer vs alone: largest metric difference %.3g%n", worst);
    assertThat(worst).isLessThanOrEqualTo(TOLERANCE);
    assertThat(fused.get(0L).get(1).trainLoss()).isNotEqualTo(fused.get(1L).get(1).trainLoss());
  }

  @Test
  void perTrialOptimizersReallyTrainDifferently() throws Exception {
    TrainingGroup group = TrainingGroup.open(members(four()), data);
    Map<Long, List<EpochMetrics>> m = train(group, 1);

    List<Double> losses = m.values().stream().map(l -> l.get(0).trainLoss()).toList();
    assertThat(losses).doesNotHaveDuplicates();
    for (List<EpochMetrics> l : m.values()) {
      assertThat(l.get(0).valAccuracy()).isGreaterThan(0.5);
    }
  }

  @Test
  void aFusedGroupResumedFromItsMembersCheckpointsIsBitIdentical() throws Exception {
    List<TrainingConfig> configs = four();
    TrainingGroup straight = TrainingGroup.open(members(configs), data);
    Map<Long, List<EpochMetrics>> expected = train(straight, 3);

    TrainingGroup first = TrainingGroup.open(members(configs), data);
    Map<Long, List<EpochMetrics>> actual = train(first, 1);
    List<Member> resumed = new ArrayList<>();
    for (int j = 0; j < configs.size(); j++) {
      resumed.add(new Member(j, configs.get(j), first.checkpoint(j)));
    }
    AtomicInteger polls = new AtomicInteger();
    GroupEpoch abandoned = first.trainEpoch(job -> polls.incrementAndGet() > 9);
    assertThat(abandoned.stopped()).hasSize(4);

    TrainingGroup second = TrainingGroup.open(resumed, data);
    assertThat(second.completedEpochs()).isEqualTo(1);
    train(second, 2).forEach((job, l) -> actual.get(job).addAll(l));

    for (long job = 0; job < configs.size(); job++) {
      assertThat(actual.get(job).stream().map(FusedTrainingTest::metrics).toList())
          .isEqualTo(expected.get(job).stream().map(FusedTrainingTest::metrics).toList());
    }
    assertThat(second.network().params().toFloatVector())
        .containsExactly(straight.network().params().toFloatVector());
  }

  @Test
  void aDivergingTrialFailsAloneAndTheOthersTrainOnUnchanged() throws Exception {
    List<TrainingConfig> healthy = four().subList(0, 3);
    List<TrainingConfig> withBad = new ArrayList<>(healthy);
    // so absurd that the weights overflow float32 within a few batches: NaN logits and loss
    withBad.add(1, config().optimizer("sgd", null).learningRate(1e30).build());
    TrainingGroup group = TrainingGroup.open(members(withBad), data);
    TrainingGroup reference = TrainingGroup.open(members(healthy), data);

    List<GroupEpoch> epochs = List.of(group.trainEpoch(j -> false), group.trainEpoch(j -> false));
    List<GroupEpoch> ref =
        List.of(reference.trainEpoch(j -> false), reference.trainEpoch(j -> false));

    assertThat(epochs.get(0).diverged()).containsExactly(Map.entry(1L, "diverged at epoch 1"));
    assertThat(group.jobIds()).containsExactly(0L, 2L, 3L);
    assertThat(epochs.get(1).diverged()).isEmpty();
    long[] refIds = {0, 1, 2};
    long[] ids = {0, 2, 3};
    double worst = 0;
    for (int e = 0; e < 2; e++) {
      for (int k = 0; k < 3; k++) {
        worst =
            Math.max(
                worst,
                maxDifference(
                    metrics(epochs.get(e).trained().get(ids[k])),
                    metrics(ref.get(e).trained().get(refIds[k]))));
      }
    }
    System.out.printf("healthy trials beside a diverging one: largest difference %.3g%n", worst);
    assertThat(worst).isLessThanOrEqualTo(TOLERANCE);
    assertThatThrownBy(() -> group.checkpoint(1)).hasMessageContaining("not in this group");
  }

  @Test
  void aDroppedMemberLeavesAndTheRestTrainOn() throws Exception {
    TrainingGroup group = TrainingGroup.open(members(four()), data);
    group.trainEpoch(j -> false);
    group.drop(List.of(2L));

    GroupEpoch next = group.trainEpoch(j -> false);

    assertThat(next.trained().keySet()).containsExactly(0L, 1L, 3L);
    assertThat(group.jobIds()).containsExactly(0L, 1L, 3L);
    assertThat(group.network().getOutputLayer().getParam("W.3")).isNull();
  }

  @Test
  void aTrialExportsAsAStockDl4jModelThatPredictsWhatTheFusedTrialPredicts() throws Exception {
    TrainingGroup group = TrainingGroup.open(members(four()), data);
    group.trainEpoch(j -> false);
    INDArray x =
        dev.sweep.worker.data.Batches.batch(
                data.testImages(), data.testLabels(), new int[] {0, 1, 2, 3, 4}, 0, 5)
            .getFeatures();

    MultiLayerNetwork exported =
        ModelSerializer.restoreMultiLayerNetwork(
            new ByteArrayInputStream(group.exportModel(2)), false);

    assertThat(exported.getLayer(0).conf().getLayer()).isInstanceOf(DenseLayer.class);
    assertThat(exported.getOutputLayer().conf().getLayer()).isInstanceOf(OutputLayer.class);
    INDArray fused =
        group.network().output(x, false).get(NDArrayIndex.all(), NDArrayIndex.interval(20, 30));
    assertThat(exported.output(x, false).sub(fused).amaxNumber().doubleValue()).isLessThan(1e-6);
  }

  @Test
  void membersAtDifferentEpochsDoNotFuse() throws Exception {
    TrainingRun one = TrainingRun.start(four().get(0), data);
    one.trainEpoch(() -> false);

    assertThatThrownBy(
            () ->
                TrainingGroup.open(
                    List.of(
                        new Member(0, four().get(0), one.checkpoint()),
                        Member.fresh(1, four().get(1))),
                    data))
        .hasMessageContaining("resumes all members from one epoch");
    assertThatThrownBy(
            () -> TrainingGroup.open(List.of(new Member(0, four().get(1), one.checkpoint())), data))
        .hasMessageContaining("another configuration");
  }

  static List<Member> members(List<TrainingConfig> configs) {
    List<Member> out = new ArrayList<>();
    for (int j = 0; j < configs.size(); j++) {
      out.add(Member.fresh(j, configs.get(j)));
    }
    return out;
  }

  static Map<Long, List<EpochMetrics>> train(TrainingGroup group, int epochs) {
    Map<Long, List<EpochMetrics>> out = new HashMap<>();
    for (int e = 0; e < epochs; e++) {
      group
          .trainEpoch(j -> false)
          .trained()
          .forEach((job, m) -> out.computeIfAbsent(job, k -> new ArrayList<>()).add(m));
    }
    return out;
  }

  static List<Double> metrics(EpochMetrics m) {
    return List.of(
        (double) m.epoch(), m.trainLoss(), m.trainAccuracy(), m.valLoss(), m.valAccuracy());
  }

  static double maxDifference(List<Double> a, List<Double> b) {
    double worst = 0;
    for (int i = 0; i < a.size(); i++) {
      worst = Math.max(worst, Math.abs(a.get(i) - b.get(i)));
    }
    return worst;
  }
}
