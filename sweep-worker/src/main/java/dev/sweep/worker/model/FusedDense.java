package dev.sweep.worker.model;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A dense layer for T trials: {@code a = g(x W_t + b_t)} on each trial's columns, with one
 * activation g for all (the activation is part of the fusion key). The first layer of a network
 * ({@code sharedInput}) reads the input once and multiplies it by all trials' weights side by side
 * in one product. Dropout, per trial, applies to the input of every layer but the first, so it
 * drops hidden units as in PyTorch's {@code Linear -> act -> Dropout -> Linear}.
 */
public class FusedDense extends FusedLinear {

  /** For JSON deserialisation. */
  public FusedDense() {}

  public FusedDense(
      List<TrialSettings> trials,
      boolean sharedInput,
      long nIn,
      long nOut,
      Activation activation,
      WeightInit init) {
    super(
        trials,
        sharedInput,
        nIn,
        nOut,
        activation.getActivationFunction(),
        init.getWeightInitFunction());
  }

  @Override
  protected org.deeplearning4j.nn.api.Layer createLayer(
      NeuralNetConfiguration conf, DataType dataType) {
    return new FusedDenseLayer(conf, dataType);
  }
}
