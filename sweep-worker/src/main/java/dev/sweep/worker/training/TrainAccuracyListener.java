package dev.sweep.worker.training;

import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Counts correct predictions of the training forward pass itself, so train accuracy costs no second
 * forward pass. DL4J hands listeners the activations up to the input of the output layer; the
 * output layer's logits are one small product away, and softmax does not change the argmax.
 */
final class TrainAccuracyListener extends BaseTrainingListener {
  private int[] expected;
  private long correct;
  private long seen;

  void expect(int[] labels) {
    this.expected = labels;
  }

  long correct() {
    return correct;
  }

  long seen() {
    return seen;
  }

  void reset() {
    correct = 0;
    seen = 0;
  }

  @Override
  public void onForwardPass(Model model, List<INDArray> activations) {
    if (expected == null) {
      return;
    }
    MultiLayerNetwork net = (MultiLayerNetwork) model;
    INDArray hidden = activations.get(activations.size() - 1);
    org.deeplearning4j.nn.api.Layer out = net.getOutputLayer();
    INDArray logits = hidden.mmul(out.getParam("W")).addiRowVector(out.getParam("b"));
    int[] predicted = logits.argMax(1).toIntVector();
    for (int i = 0; i < predicted.length; i++) {
      if (predicted[i] == expected[i]) {
        correct++;
      }
    }
    seen += predicted.length;
    expected = null;
  }
}
