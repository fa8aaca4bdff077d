package dev.sweep.worker.model.samediff;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The start of the mixer's classifier: the mean over patches, [B, P*D] to [B, D]. */
public class SameDiffPatchMean extends SameDiffLayer {
  private int patches;
  private int hiddenDim;

  /** For JSON deserialisation of checkpoints. */
  public SameDiffPatchMean() {}

  public SameDiffPatchMean(int patches, int hiddenDim) {
    this.patches = patches;
    this.hiddenDim = hiddenDim;
  }

  @Override
  public SDVariable defineLayer(
      SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
    return input.reshape(-1, patches, hiddenDim).mean(false, 1);
  }

  @Override
  public void defineParameters(SDLayerParams params) {
    params.clear();
  }

  @Override
  public void initializeParameters(Map<String, INDArray> params) {}

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return InputType.feedForward(hiddenDim);
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {}

  // DL4J serialises layer configurations through bean accessors
  public int getPatches() {
    return patches;
  }

  public void setPatches(int patches) {
    this.patches = patches;
  }

  public int getHiddenDim() {
    return hiddenDim;
  }

  public void setHiddenDim(int hiddenDim) {
    this.hiddenDim = hiddenDim;
  }
}
