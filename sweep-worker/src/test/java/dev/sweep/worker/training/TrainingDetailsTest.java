package dev.sweep.worker.training;

import static dev.sweep.worker.support.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.data.Batches;
import dev.sweep.worker.data.DataSplit;
import dev.sweep.worker.data.FashionMnist;
import dev.sweep.worker.model.FusedOutputLayer;
import dev.sweep.worker.model.ModelFactory;
import dev.sweep.worker.support.TestData;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;

class TrainingDetailsTest {
  private final FashionMnist data = TestData.fashionMnist();

  // Aliases such as NLLLoss are resolved by the API's planner (GridPlannerTest); a worker only
  // ever receives the canonical names, and the contract's validator refuses anything else.
  @Test
  void nllAndCrossEntropyTrainToIdenticalParameters() {
    TrainingRun nll = TrainingRun.start(config().loss("nll").build(), data);
    TrainingRun ce = TrainingRun.start(config().loss("cross_entropy").build(), data);
    for (int i = 0; i < 2; i++) {
      nll.trainEpoch(() -> false);
      ce.trainEpoch(() -> false);
    }
    float[] expected = ce.network().params().toFloatVector();
    assertThat(nll.network().params().toFloatVector()).containsExactly(expected);
  }

  @Test
  void trainLossAndPredictionsComeFromTheTrainingForwardPass() {
    TrainingConfig c = config().build();
    MultiLayerNetwork net = ModelFactory.build(c);
    DataSplit split = DataSplit.of(c.dataset(), data.trainCount());
    DataSet batch = Batches.batch(data.trainImages(), data.trainLabels(), split.train(), 0, 256);
    int[] before = net.output(batch.getFeatures(), false).argMax(1).toIntVector();
    double lossBefore = net.score(batch, false);

    net.fit(batch);

    FusedOutputLayer out = (FusedOutputLayer) net.getOutputLayer();
    assertThat(out.predictions()).containsExactly(before);
    assertThat(out.trialLosses()[0]).isCloseTo(lossBefore, within(1e-5));
  }

  @Test
  void everyOptimizerAndActivationTrains() {
    for (String optimizer : List.of("adam", "adamw", "rmsprop", "nesterov", "sgd")) {
      for (String activation : List.of("relu", "sigmoid", "tanh", "gelu", "leaky_relu", "elu")) {
        double lr = optimizer.equals("sgd") || optimizer.equals("nesterov") ? 0.1 : 0.003;
        TrainingConfig c =
            config()
                .optimizer(optimizer, optimizer.equals("sgd") ? 0.9 : null)
                .activation(activation)
                .learningRate(lr)
                .dataset(200, 600, 1L)
                .build();
        EpochMetrics m = TrainingRun.start(c, data).trainEpoch(() -> false);
        assertThat(m.valAccuracy()).as(optimizer + "/" + activation).isGreaterThan(0.2);
      }
    }
  }

  @Test
  void testMetricsAgreeWithDl4jsOwnEvaluationOfTheWholeTestSet() {
    TrainingRun run = TrainingRun.start(config().build(), data);
    run.trainEpoch(() -> false);

    LossAndAccuracy test = run.test();

    DataSet all =
        Batches.batch(
            data.testImages(),
            data.testLabels(),
            Batches.identity(data.testCount()),
            0,
            data.testCount());
    Evaluation eval = new Evaluation(FashionMnist.CLASSES);
    eval.eval(all.getLabels(), run.network().output(all.getFeatures(), false));
    assertThat(test.accuracy()).isEqualTo(eval.accuracy());
    assertThat(test.loss()).isCloseTo(run.network().score(all, false), within(1e-4));
    assertThat(test.accuracy()).isGreaterThan(0.5);
  }
}
