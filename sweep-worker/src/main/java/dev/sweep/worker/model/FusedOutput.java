package dev.sweep.worker.model;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The classifier for T trials: per trial logits {@code x W_t + b_t}, a softmax over that trial's
 * classes, and its mean cross-entropy. The network's score is the sum over trials of each trial's
 * mean loss, so each trial's gradient is the one it would have alone. Both losses a configuration
 * may name, {@code cross_entropy} and {@code nll}, are this same softmax cross-entropy (DL4J's
 * NEGATIVELOGLIKELIHOOD is its MCXENT), so a group may mix them.
 */
public class FusedOutput extends FusedLinear {

  /** For JSON deserialisation. */
  public FusedOutput() {}

  public FusedOutput(List<TrialSettings> trials, boolean sharedInput, long nIn, long classes) {
    super(
        trials,
        sharedInput,
        nIn,
        classes,
        Activation.SOFTMAX.getActivationFunction(),
        WeightInit.XAVIER.getWeightInitFunction());
  }

  @Override
  protected org.deeplearning4j.nn.api.Layer createLayer(
      NeuralNetConfiguration conf, DataType dataType) {
    return new FusedOutputLayer(conf, dataType);
  }
}
