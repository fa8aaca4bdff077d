package dev.sweep.worker.model;

import java.util.List;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A fused layer whose trials each have a weight {@code W.t} and a bias {@code b.t} ({@link
 * FusedParams}): the dense layers and the output layer.
 */
public abstract class FusedLinear extends FusedLayer {

  protected FusedLinear() {}

  protected FusedLinear(
      List<TrialSettings> trials,
      boolean sharedInput,
      long nIn,
      long nOut,
      IActivation activation,
      IWeightInit init) {
    super(trials, sharedInput, nIn, nOut);
    setActivationFn(activation);
    setWeightInitFn(init);
    setBiasInit(0);
  }

  @Override
  public ParamInitializer initializer() {
    return FusedParams.INSTANCE;
  }

  /** The computation side: all trials' weights and biases as single views. */
  abstract static class Impl<C extends FusedLinear>
      extends org.deeplearning4j.nn.layers.BaseLayer<C> {
    Impl(
        org.deeplearning4j.nn.conf.NeuralNetConfiguration conf,
        org.nd4j.linalg.api.buffer.DataType dataType) {
      super(conf, dataType);
    }

    INDArray weights() {
      return FusedParams.allWeights(layerConf(), paramsFlattened);
    }

    INDArray biases() {
      return FusedParams.allBiases(layerConf(), paramsFlattened);
    }

    INDArray weightGradients() {
      return FusedParams.allWeights(layerConf(), gradientsFlattened);
    }

    INDArray biasGradients() {
      return FusedParams.allBiases(layerConf(), gradientsFlattened);
    }

    /** Rejects input that is not {@code [batch, inputColumns]}. */
    INDArray checkedInput() {
      assertInputSet(false);
      INDArray x = input.castTo(dataType);
      if (x.rank() != 2 || x.columns() != layerConf().inputColumns()) {
        throw new IllegalArgumentException(
            getClass().getSimpleName()
                + " (layer "
                + index
                + ") expects [batch, "
                + layerConf().inputColumns()
                + "] input, got "
                + java.util.Arrays.toString(x.shape()));
      }
      return x;
    }

    @Override
    public boolean isPretrainLayer() {
      return false;
    }
  }
}
