package dev.sweep.worker.model.samediff;

import dev.sweep.worker.data.FashionMnist;
import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The mixer's stem: cuts the flat 28x28 image into non-overlapping patches, vectorises each and
 * projects it linearly to {@code hiddenDim} features. Output is X (patches x hiddenDim), flattened
 * per example so that DL4J can treat it as a feed-forward activation.
 */
public class SameDiffMixerStem extends SameDiffLayer {
  private int patchSize;
  private int hiddenDim;
  private WeightInit init;

  /** For JSON deserialisation of checkpoints. */
  public SameDiffMixerStem() {}

  public SameDiffMixerStem(int patchSize, int hiddenDim, WeightInit init) {
    this.patchSize = patchSize;
    this.hiddenDim = hiddenDim;
    this.init = init;
  }

  int patches() {
    int side = FashionMnist.ROWS / patchSize;
    return side * side;
  }

  @Override
  public SDVariable defineLayer(
      SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
    int side = FashionMnist.ROWS / patchSize;
    // pixel (row, col) = (i*p + a, j*p + b): [B, i, a, j, b] -> [B, i, j, a, b] -> [B*P, p*p]
    SDVariable patches =
        input
            .reshape(-1, side, patchSize, side, patchSize)
            .permute(0, 1, 3, 2, 4)
            .reshape(-1, (long) patchSize * patchSize);
    SDVariable x = patches.mmul(params.get("W")).add(params.get("b"));
    return x.reshape(-1, (long) patches() * hiddenDim);
  }

  @Override
  public void defineParameters(SDLayerParams params) {
    params.clear();
    params.addWeightParam("W", (long) patchSize * patchSize, hiddenDim);
    params.addBiasParam("b", 1, hiddenDim);
  }

  @Override
  public void initializeParameters(Map<String, INDArray> params) {
    initWeights(patchSize * patchSize, hiddenDim, init, params.get("W"));
    params.get("b").assign(0);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return InputType.feedForward((long) patches() * hiddenDim);
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    long in = inputType.arrayElementsPerExample();
    if (in != FashionMnist.PIXELS) {
      throw new IllegalStateException("mixer stem expects 784 inputs, got " + in);
    }
  }

  // DL4J serialises layer configurations through bean accessors
  public int getPatchSize() {
    return patchSize;
  }

  public void setPatchSize(int patchSize) {
    this.patchSize = patchSize;
  }

  public int getHiddenDim() {
    return hiddenDim;
  }

  public void setHiddenDim(int hiddenDim) {
    this.hiddenDim = hiddenDim;
  }

  public WeightInit getInit() {
    return init;
  }

  public void setInit(WeightInit init) {
    this.init = init;
  }
}
