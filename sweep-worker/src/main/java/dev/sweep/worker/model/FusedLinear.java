package dev.sweep.worker.model;

import java.util.List;
import java.util.function.BiFunction;
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

  /**
   * A view of a layer's flat parameter or gradient array, cut again only when the layer is handed
   * another flat array (DL4J replaces it, never reshapes it in place).
   */
  static final class ViewOf {
    private final BiFunction<FusedLinear, INDArray, INDArray> cut;
    private INDArray flat;
    private INDArray view;

    ViewOf(BiFunction<FusedLinear, INDArray, INDArray> cut) {
      this.cut = cut;
    }

    INDArray of(FusedLinear layer, INDArray flat) {
      if (flat != this.flat) {
        view = cut.apply(layer, flat);
        this.flat = flat;
      }
      return view;
    }
  }

  /** The computation side: all trials' weights and biases as single views. */
  abstract static class Impl<C extends FusedLinear>
      extends org.deeplearning4j.nn.layers.BaseLayer<C> {
    Impl(
        org.deeplearning4j.nn.conf.NeuralNetConfiguration conf,
        org.nd4j.linalg.api.buffer.DataType dataType) {
      super(conf, dataType);
    }

    // cut once per flat array, not per call: every view is a buffer registered with ND4J's
    // deallocator service, which each young collection copies (see DirectGemm)
    private final ViewOf weights = new ViewOf(FusedParams::allWeights);
    private final ViewOf biases = new ViewOf(FusedParams::allBiases);
    private final ViewOf weightGradients = new ViewOf(FusedParams::allWeights);
    private final ViewOf biasGradients = new ViewOf(FusedParams::allBiases);

    INDArray weights() {
      return weights.of(layerConf(), paramsFlattened);
    }

    INDArray biases() {
      return biases.of(layerConf(), paramsFlattened);
    }

    INDArray weightGradients() {
      return weightGradients.of(layerConf(), gradientsFlattened);
    }

    INDArray biasGradients() {
      return biasGradients.of(layerConf(), gradientsFlattened);
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
