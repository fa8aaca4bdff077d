package dev.sweep.worker.model;

import dev.sweep.contract.ConfigValidator;
import dev.sweep.contract.FusionKey;
import dev.sweep.contract.ModelSpec;
import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.data.FashionMnist;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Builds the network a {@link TrainingConfig} describes, for one trial or for a fused group of
 * trials (FUSION.md): the MLP as {@link FusedDense} layers, both models ending in the same {@link
 * FusedOutput}, so checkpoints, updaters and evaluation are shared. Weights come from {@code
 * config.seed()}.
 */
public final class ModelFactory {
  public static final int MAX_WIDTH = ModelSpec.MAX_WIDTH;

  private ModelFactory() {}

  /**
   * Rejects what no retry can fix, with a message that names the field: the contract's {@link
   * ConfigValidator}, the same checks the API ran on the definition.
   */
  public static void validate(TrainingConfig c) {
    if (c == null || c.dataset() == null || c.model() == null) {
      throw new InvalidConfigException("config, dataset and model are required");
    }
    List<ConfigValidator.Problem> problems = ConfigValidator.shared().validate(c);
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(
          String.join("; ", problems.stream().map(p -> p.detail("")).toList()));
    }
  }

  /** The network of one job: a fused network of one trial. */
  public static MultiLayerNetwork build(TrainingConfig c) {
    return build(List.of(c));
  }

  /**
   * One network training all of {@code group} at once. They must share the {@link FusionKey}; each
   * keeps its own optimizer, learning rate, momentum and regularisation.
   */
  public static MultiLayerNetwork build(List<TrainingConfig> group) {
    if (group.isEmpty()) {
      throw new IllegalArgumentException("a group needs at least one configuration");
    }
    FusionKey key = FusionKey.of(group.get(0));
    List<TrialSettings> trials = new ArrayList<>();
    for (TrainingConfig c : group) {
      validate(c);
      if (!FusionKey.of(c).equals(key)) {
        throw new InvalidConfigException(
            "configurations of one fused group must share dataset, model, activation, batch_size"
                + " and seed; got "
                + FusionKey.of(c)
                + " and "
                + key);
      }
      trials.add(TrialSettings.of(c));
    }
    return build(group.get(0), trials, DataType.FLOAT);
  }

  /**
   * The network of {@code shape}'s model, activation and seed for the given trials. Weights come
   * from the seed and are the same for every trial.
   */
  static MultiLayerNetwork build(
      TrainingConfig shape, List<TrialSettings> trials, DataType dataType) {
    validate(shape);
    Activation act = Choices.activation(shape.activation());
    WeightInit init = Choices.weightInit(act);
    TrialSettings first = trials.get(0);
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder()
            .seed(weightSeed(shape.seed()))
            .dataType(dataType)
            .activation(act)
            .weightInit(init)
            .updater(first.getUpdater())
            .regularization(first.getWeightRegularization())
            .regularizationBias(first.getBiasRegularization())
            .trainingWorkspaceMode(WorkspaceMode.ENABLED)
            .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
            .list();
    MixerShape mixer = MixerShape.of(shape.model());
    long width = FashionMnist.PIXELS;
    boolean shared = true;
    if (mixer == null) {
      for (int w : hiddenLayers(shape.model())) {
        list.layer(new FusedDense(trials, shared, width, w, act, init));
        width = w;
        shared = false;
      }
    } else {
      addMixer(list, mixer, act, trials);
      width = mixer.hiddenDim();
      shared = false;
    }
    list.layer(new FusedOutput(trials, shared, width, FashionMnist.CLASSES));
    list.setInputType(InputType.feedForward(FashionMnist.PIXELS));
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    net.setUpdater(new FlatGradientUpdater(net));
    return net;
  }

  /**
   * The mixer for T trials: its layers' own per-trial updaters and regularisation come from the
   * trials' settings, as the fused MLP layers' do, and so does each trial's dropout rate.
   */
  private static void addMixer(
      NeuralNetConfiguration.ListBuilder list,
      MixerShape mixer,
      Activation act,
      List<TrialSettings> trials) {
    int t = trials.size();
    List<TrialLayerConf> layers = new ArrayList<>();
    layers.add(new MixerStem(mixer.patchSize(), mixer.hiddenDim(), t));
    List<Double> dropout = trials.stream().map(TrialSettings::getDropout).toList();
    for (int i = 0; i < mixer.blocks(); i++) {
      MixerBlock block =
          new MixerBlock(
              mixer.patches(),
              mixer.hiddenDim(),
              mixer.tokenDim(),
              mixer.channelDim(),
              act,
              mixer.skip(),
              mixer.layerNorm(),
              t);
      if (dropout.stream().anyMatch(p -> p > 0)) {
        block.setDropout(dropout);
        block.setDropoutSeed(trials.get(0).getSeed());
      }
      layers.add(block);
    }
    layers.add(new PatchMean(mixer.patches(), mixer.hiddenDim(), t));
    for (TrialLayerConf layer : layers) {
      layer.setTrialUpdaters(trials.stream().map(TrialSettings::getUpdater).toList());
      layer.setTrialRegularization(
          trials.stream().map(TrialSettings::getWeightRegularization).toList());
      layer.setTrialRegularizationBias(
          trials.stream().map(TrialSettings::getBiasRegularization).toList());
      list.layer(layer);
    }
  }

  /**
   * DL4J treats seed 0 as "no seed" and initialises from the clock, so the configured seed is mixed
   * into a non-zero one; every seed, 0 included, then gives the same weights every time.
   */
  static long weightSeed(long seed) {
    long mixed = new SplittableRandom(seed).nextLong();
    return mixed == 0 ? 1 : mixed;
  }

  static List<Integer> hiddenLayers(ModelSpec m) {
    // presence and ranges are checked by validate(), with the contract's constraints
    return m.hiddenLayers();
  }

  /** The mixer's sizes with the contract's defaults for anything left out, or null for an mlp. */
  record MixerShape(
      int patchSize,
      int hiddenDim,
      int blocks,
      int tokenDim,
      int channelDim,
      boolean skip,
      boolean layerNorm) {
    int patches() {
      int side = FashionMnist.ROWS / patchSize;
      return side * side;
    }

    static MixerShape of(ModelSpec m) {
      String type = Choices.norm(m.type());
      if (type.equals("mlp")) {
        return null;
      }
      if (!type.equals("mixer")) {
        throw new InvalidConfigException("unknown model type '" + m.type() + "'; use mlp or mixer");
      }
      ModelSpec d = ModelSpec.defaults("mixer");
      return new MixerShape(
          Objects.requireNonNullElse(m.patchSize(), d.patchSize()),
          Objects.requireNonNullElse(m.hiddenDim(), d.hiddenDim()),
          Objects.requireNonNullElse(m.blocks(), d.blocks()),
          Objects.requireNonNullElse(m.tokenMlpDim(), d.tokenMlpDim()),
          Objects.requireNonNullElse(m.channelMlpDim(), d.channelMlpDim()),
          Boolean.TRUE.equals(m.skip()),
          Boolean.TRUE.equals(m.layerNorm()));
    }
  }
}
