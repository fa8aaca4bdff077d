package dev.sweep.worker.training;

import static dev.sweep.worker.support.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.data.Batches;
import dev.sweep.worker.data.FashionMnist;
import dev.sweep.worker.model.ModelFactory;
import dev.sweep.worker.support.TestData;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Evaluation in passes of at most {@link Evaluator#ROWS_PER_PASS} rows gives what one pass over the
 * whole set gives, for every trial of a fused group.
 */
class EvaluatorTest {
  private final FashionMnist data = TestData.fashionMnist();

  @Test
  void passesAreSmallAndAgreeWithOneWholePass() {
    List<TrainingConfig> trials =
        List.of(config().learningRate(0.001).build(), config().learningRate(0.01).build());
    MultiLayerNetwork net = ModelFactory.build(trials);
    int rows = 1_300; // two full passes and a short one
    Evaluator evaluator = new Evaluator(net, trials.size(), null);
    assertThat(evaluator.rowsPerPass(rows)).isEqualTo(Evaluator.ROWS_PER_PASS);
    assertThat(evaluator.rowsPerPass(100)).isEqualTo(100);

    List<LossAndAccuracy> passes =
        evaluator.evaluate(data.testImages(), data.testLabels(), Batches.identity(rows));

    INDArray whole =
        net.output(
            Batches.batch(data.testImages(), data.testLabels(), Batches.identity(rows), 0, rows)
                .getFeatures(),
            false);
    for (int t = 0; t < trials.size(); t++) {
      double loss = 0;
      int correct = 0;
      for (int r = 0; r < rows; r++) {
        int label = data.testLabels()[r];
        INDArray p =
            whole
                .getRow(r)
                .get(org.nd4j.linalg.indexing.NDArrayIndex.interval(t * 10L, (t + 1) * 10L));
        loss -= Math.log(Math.max(p.getDouble(label), 1e-10));
        correct += p.argMax().getInt(0) == label ? 1 : 0;
      }
      assertThat(passes.get(t).loss()).as("trial %d loss", t).isCloseTo(loss / rows, within(1e-6));
      assertThat(passes.get(t).accuracy())
          .as("trial %d accuracy", t)
          .isEqualTo((double) correct / rows);
    }
  }
}
