package dev.sweep.worker.model;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The start of the mixer's classifier: the mean over patches, from the {@link MixerLayout} to the
 * ordinary {@code [B, T*D]}, trial t's D features in columns {@code [t*D, (t+1)*D)}.
 */
public class PatchMean extends TrialLayerConf {
  private int patches;
  private int hiddenDim;

  /** For JSON deserialisation. */
  public PatchMean() {}

  public PatchMean(int patches, int hiddenDim, int trials) {
    this.patches = patches;
    this.hiddenDim = hiddenDim;
    setTrials(trials);
  }

  @Override
  List<ParamSpec> paramSpecs() {
    return List.of();
  }

  @Override
  PatchMeanLayer newLayer(NeuralNetConfiguration conf, DataType dataType) {
    return new PatchMeanLayer(conf, dataType);
  }

  @Override
  long outputFeatures() {
    return hiddenDim;
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    expectInput(inputType, (long) getTrials() * patches * hiddenDim);
  }

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
