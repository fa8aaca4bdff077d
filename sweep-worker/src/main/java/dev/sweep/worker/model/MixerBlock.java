package dev.sweep.worker.model;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One mixer block. Token mixing acts across the patches of each feature, {@code O1 = (g(Aᵀ W1 + b1)
 * W2 + b2)ᵀ} with A the block input {@code [P, D]} per example; channel mixing acts across the
 * features of each patch, {@code O2 = g(C W3 + b3) W4 + b4} with C = O1. {@code skip} adds each
 * MLP's input back to its output; {@code layerNorm} normalises each patch's features before each
 * MLP (A = LN1(X), C = LN2(O1)). The activation g is the same DL4J {@code IActivation} the MLP's
 * dense layers use. {@code dropout} (per trial, optional) drops hidden units after each g.
 */
public class MixerBlock extends TrialLayerConf {
  private int patches;
  private int hiddenDim;
  private int tokenDim;
  private int channelDim;
  private boolean skip;
  private boolean layerNorm;
  private List<Double> dropout;
  private long dropoutSeed;

  /** For JSON deserialisation. */
  public MixerBlock() {}

  public MixerBlock(
      int patches,
      int hiddenDim,
      int tokenDim,
      int channelDim,
      Activation activation,
      boolean skip,
      boolean layerNorm,
      int trials) {
    this.patches = patches;
    this.hiddenDim = hiddenDim;
    this.tokenDim = tokenDim;
    this.channelDim = channelDim;
    this.skip = skip;
    this.layerNorm = layerNorm;
    setActivationFn(activation.getActivationFunction());
    setTrials(trials);
  }

  @Override
  List<ParamSpec> paramSpecs() {
    // the SameDiff version's order (weights, then biases, then norms), so one seed gives the
    // same initial weights
    List<ParamSpec> specs = new ArrayList<>();
    specs.add(ParamSpec.weight("W1", patches, tokenDim));
    specs.add(ParamSpec.weight("W2", tokenDim, patches));
    specs.add(ParamSpec.weight("W3", hiddenDim, channelDim));
    specs.add(ParamSpec.weight("W4", channelDim, hiddenDim));
    specs.add(ParamSpec.bias("b1", tokenDim));
    specs.add(ParamSpec.bias("b2", patches));
    specs.add(ParamSpec.bias("b3", channelDim));
    specs.add(ParamSpec.bias("b4", hiddenDim));
    if (layerNorm) {
      specs.add(ParamSpec.gain("ln1g", hiddenDim));
      specs.add(ParamSpec.bias("ln1b", hiddenDim));
      specs.add(ParamSpec.gain("ln2g", hiddenDim));
      specs.add(ParamSpec.bias("ln2b", hiddenDim));
    }
    return specs;
  }

  @Override
  MixerBlockLayer newLayer(NeuralNetConfiguration conf, DataType dataType) {
    return new MixerBlockLayer(conf, dataType);
  }

  @Override
  long outputFeatures() {
    return (long) patches * hiddenDim;
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    expectInput(inputType, getTrials() * outputFeatures());
  }

  /** Trial t's dropout rate; 0 without dropout. */
  double dropout(int trial) {
    return dropout == null ? 0 : dropout.get(trial);
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

  public int getTokenDim() {
    return tokenDim;
  }

  public void setTokenDim(int tokenDim) {
    this.tokenDim = tokenDim;
  }

  public int getChannelDim() {
    return channelDim;
  }

  public void setChannelDim(int channelDim) {
    this.channelDim = channelDim;
  }

  public boolean isSkip() {
    return skip;
  }

  public void setSkip(boolean skip) {
    this.skip = skip;
  }

  public boolean isLayerNorm() {
    return layerNorm;
  }

  public void setLayerNorm(boolean layerNorm) {
    this.layerNorm = layerNorm;
  }

  /** Per-trial dropout rates after each MLP's activation, or null for none. */
  public List<Double> getDropout() {
    return dropout;
  }

  public void setDropout(List<Double> dropout) {
    this.dropout = dropout;
  }

  /** The group's seed; dropout draws are seeded from it with the epoch, iteration and layer. */
  public long getDropoutSeed() {
    return dropoutSeed;
  }

  public void setDropoutSeed(long dropoutSeed) {
    this.dropoutSeed = dropoutSeed;
  }
}
