package dev.sweep.worker.model;

import dev.sweep.worker.data.FashionMnist;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The mixer's stem: cuts each 28x28 image into non-overlapping {@code patchSize} squares,
 * vectorises each and projects it linearly to {@code hiddenDim} features: {@code X = patches W +
 * b}, W {@code [p*p, D]}. Reads the shared images {@code [B, 784]} once for all trials and writes
 * the {@link MixerLayout}.
 */
public class MixerStem extends TrialLayerConf {
  private int patchSize;
  private int hiddenDim;

  /** For JSON deserialisation. */
  public MixerStem() {}

  public MixerStem(int patchSize, int hiddenDim, int trials) {
    this.patchSize = patchSize;
    this.hiddenDim = hiddenDim;
    setTrials(trials);
  }

  int side() {
    return FashionMnist.ROWS / patchSize;
  }

  int patches() {
    return side() * side();
  }

  @Override
  List<ParamSpec> paramSpecs() {
    return List.of(
        ParamSpec.weight("W", (long) patchSize * patchSize, hiddenDim),
        ParamSpec.bias("b", hiddenDim));
  }

  @Override
  MixerStemLayer newLayer(NeuralNetConfiguration conf, DataType dataType) {
    return new MixerStemLayer(conf, dataType);
  }

  @Override
  long outputFeatures() {
    return (long) patches() * hiddenDim;
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    expectInput(inputType, FashionMnist.PIXELS);
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
}
