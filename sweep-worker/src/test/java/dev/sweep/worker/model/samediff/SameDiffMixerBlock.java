package dev.sweep.worker.model.samediff;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One mixer block: token mixing across patches, O1 = g(Xᵀ W1) W2 transposed back, then channel
 * mixing, O2 = g(O1 W3) W4. Each linear map carries a bias, as a framework linear layer does.
 * {@code skip} adds the block input back after each MLP; {@code layerNorm} normalises the features
 * of each patch before each MLP. Both are off in the seed.
 */
public class SameDiffMixerBlock extends SameDiffLayer {
  private int patches;
  private int hiddenDim;
  private int tokenDim;
  private int channelDim;
  private Activation activation;
  private boolean skip;
  private boolean layerNorm;
  private WeightInit init;

  /** For JSON deserialisation of checkpoints. */
  public SameDiffMixerBlock() {}

  public SameDiffMixerBlock(
      int patches,
      int hiddenDim,
      int tokenDim,
      int channelDim,
      Activation activation,
      boolean skip,
      boolean layerNorm,
      WeightInit init) {
    this.patches = patches;
    this.hiddenDim = hiddenDim;
    this.tokenDim = tokenDim;
    this.channelDim = channelDim;
    this.activation = activation;
    this.skip = skip;
    this.layerNorm = layerNorm;
    this.init = init;
  }

  @Override
  public SDVariable defineLayer(
      SameDiff sd, SDVariable input, Map<String, SDVariable> p, SDVariable mask) {
    SDVariable x = input.reshape(-1, hiddenDim); // [B*P, D]
    SDVariable t = layerNorm ? sd.nn.layerNorm(x, p.get("ln1g"), p.get("ln1b"), true, 1) : x;
    // token mixing acts on each feature's column of patches: [B, P, D] -> [B*D, P]
    SDVariable cols = t.reshape(-1, patches, hiddenDim).permute(0, 2, 1).reshape(-1, patches);
    SDVariable h1 = activation.asSameDiff(sd, cols.mmul(p.get("W1")).add(p.get("b1")));
    SDVariable mixed = h1.mmul(p.get("W2")).add(p.get("b2"));
    SDVariable o1 = mixed.reshape(-1, hiddenDim, patches).permute(0, 2, 1).reshape(-1, hiddenDim);
    if (skip) {
      o1 = o1.add(x);
    }
    SDVariable c = layerNorm ? sd.nn.layerNorm(o1, p.get("ln2g"), p.get("ln2b"), true, 1) : o1;
    SDVariable h2 = activation.asSameDiff(sd, c.mmul(p.get("W3")).add(p.get("b3")));
    SDVariable o2 = h2.mmul(p.get("W4")).add(p.get("b4"));
    if (skip) {
      o2 = o2.add(o1);
    }
    return o2.reshape(-1, (long) patches * hiddenDim);
  }

  @Override
  public void defineParameters(SDLayerParams params) {
    params.clear();
    params.addWeightParam("W1", patches, tokenDim);
    params.addBiasParam("b1", 1, tokenDim);
    params.addWeightParam("W2", tokenDim, patches);
    params.addBiasParam("b2", 1, patches);
    params.addWeightParam("W3", hiddenDim, channelDim);
    params.addBiasParam("b3", 1, channelDim);
    params.addWeightParam("W4", channelDim, hiddenDim);
    params.addBiasParam("b4", 1, hiddenDim);
    if (layerNorm) {
      params.addBiasParam("ln1g", hiddenDim);
      params.addBiasParam("ln1b", hiddenDim);
      params.addBiasParam("ln2g", hiddenDim);
      params.addBiasParam("ln2b", hiddenDim);
    }
  }

  @Override
  public void initializeParameters(Map<String, INDArray> params) {
    initWeights(patches, tokenDim, init, params.get("W1"));
    initWeights(tokenDim, patches, init, params.get("W2"));
    initWeights(hiddenDim, channelDim, init, params.get("W3"));
    initWeights(channelDim, hiddenDim, init, params.get("W4"));
    for (Map.Entry<String, INDArray> e : params.entrySet()) {
      if (e.getKey().startsWith("b") || e.getKey().endsWith("b")) {
        e.getValue().assign(0);
      } else if (e.getKey().endsWith("g")) {
        e.getValue().assign(1);
      }
    }
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return InputType.feedForward((long) patches * hiddenDim);
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    long in = inputType.arrayElementsPerExample();
    if (in != (long) patches * hiddenDim) {
      throw new IllegalStateException("mixer block expects " + patches * hiddenDim + ", got " + in);
    }
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

  public Activation getActivation() {
    return activation;
  }

  public void setActivation(Activation activation) {
    this.activation = activation;
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

  public WeightInit getInit() {
    return init;
  }

  public void setInit(WeightInit init) {
    this.init = init;
  }
}
