package dev.sweep.worker.model;

import dev.sweep.contract.DatasetSpec;
import dev.sweep.contract.ModelSpec;
import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.data.FashionMnist;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Builds the network a {@link TrainingConfig} describes, as Stem, Backbone and Classifier. Both
 * models are {@link MultiLayerNetwork}s ending in the same softmax {@link OutputLayer}, so
 * checkpoints, updaters and evaluation are shared. Weights come from {@code config.seed()}.
 */
public final class ModelFactory {
  public static final int MAX_WIDTH = 16_384;

  private ModelFactory() {}

  /** Rejects what no retry can fix, with a message that names the field. */
  public static void validate(TrainingConfig c) {
    if (c == null || c.dataset() == null || c.model() == null) {
      throw new InvalidConfigException("config, dataset and model are required");
    }
    DatasetSpec d = c.dataset();
    if (d.name() != null && !Choices.norm(d.name()).equals("fashion_mnist")) {
      throw new InvalidConfigException("unknown dataset '" + d.name() + "'; only fashion-mnist");
    }
    if (d.validationSize() < 1 || d.validationSize() >= 60_000) {
      throw new InvalidConfigException(
          "validation_size must be between 1 and 59999, got " + d.validationSize());
    }
    if (d.trainLimit() != null && d.trainLimit() < 1) {
      throw new InvalidConfigException("train_limit must be positive, got " + d.trainLimit());
    }
    if (c.batchSize() < 1 || c.batchSize() > 60_000) {
      throw new InvalidConfigException(
          "batch_size must be between 1 and 60000, got " + c.batchSize());
    }
    Choices.loss(c.loss());
    Choices.updater(c.optimizer(), c.learningRate(), c.momentum());
    Choices.activation(c.activation());
    MixerShape.of(c.model()); // validates the mixer fields, or the mlp widths below
    if (Choices.norm(c.model().type()).equals("mlp")) {
      hiddenLayers(c.model());
    }
  }

  public static MultiLayerNetwork build(TrainingConfig c) {
    validate(c);
    Activation act = Choices.activation(c.activation());
    WeightInit init = Choices.weightInit(act);
    NeuralNetConfiguration.Builder b =
        new NeuralNetConfiguration.Builder()
            .seed(weightSeed(c.seed()))
            .dataType(DataType.FLOAT)
            .activation(act)
            .weightInit(init)
            .updater(Choices.updater(c.optimizer(), c.learningRate(), c.momentum()))
            .trainingWorkspaceMode(WorkspaceMode.ENABLED)
            .inferenceWorkspaceMode(WorkspaceMode.ENABLED);
    if (Choices.decoupledWeightDecay(c.optimizer())) {
      b.weightDecay(Choices.ADAMW_WEIGHT_DECAY, true)
          .weightDecayBias(Choices.ADAMW_WEIGHT_DECAY, true);
    }
    NeuralNetConfiguration.ListBuilder list = b.list();
    MixerShape mixer = MixerShape.of(c.model());
    if (mixer == null) {
      for (int width : hiddenLayers(c.model())) {
        list.layer(new DenseLayer.Builder().nOut(width).build());
      }
    } else {
      list.layer(new MixerStem(mixer.patchSize(), mixer.hiddenDim(), 1));
      for (int i = 0; i < mixer.blocks(); i++) {
        list.layer(
            new MixerBlock(
                mixer.patches(),
                mixer.hiddenDim(),
                mixer.tokenDim(),
                mixer.channelDim(),
                act,
                mixer.skip(),
                mixer.layerNorm(),
                1));
      }
      list.layer(new PatchMean(mixer.patches(), mixer.hiddenDim(), 1));
    }
    list.layer(
        new OutputLayer.Builder(Choices.loss(c.loss()))
            .nOut(FashionMnist.CLASSES)
            .activation(Activation.SOFTMAX)
            .weightInit(WeightInit.XAVIER)
            .build());
    list.setInputType(InputType.feedForward(FashionMnist.PIXELS));
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    return net;
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
    List<Integer> widths = m.hiddenLayers();
    if (widths == null) {
      throw new InvalidConfigException("mlp needs hidden_layers, for example [256, 128]");
    }
    for (Integer w : widths) {
      if (w == null || w < 1 || w > MAX_WIDTH) {
        throw new InvalidConfigException(
            "hidden_layers widths must be between 1 and " + MAX_WIDTH + ", got " + widths);
      }
    }
    return widths;
  }

  /** The mixer's sizes with the seed's defaults for anything left out, or null for an mlp. */
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
      int patch = Objects.requireNonNullElse(m.patchSize(), 7);
      if (patch < 1 || FashionMnist.ROWS % patch != 0) {
        throw new InvalidConfigException("patch_size must divide 28, got " + patch);
      }
      MixerShape s =
          new MixerShape(
              patch,
              Objects.requireNonNullElse(m.hiddenDim(), 128),
              Objects.requireNonNullElse(m.blocks(), 2),
              Objects.requireNonNullElse(m.tokenMlpDim(), 64),
              Objects.requireNonNullElse(m.channelMlpDim(), 256),
              Boolean.TRUE.equals(m.skip()),
              Boolean.TRUE.equals(m.layerNorm()));
      check("hidden_dim", s.hiddenDim, 1);
      check("blocks", s.blocks, 0);
      check("token_mlp_dim", s.tokenDim, 1);
      check("channel_mlp_dim", s.channelDim, 1);
      return s;
    }

    private static void check(String field, int value, int min) {
      if (value < min || value > MAX_WIDTH) {
        throw new InvalidConfigException(
            field + " must be between " + min + " and " + MAX_WIDTH + ", got " + value);
      }
    }
  }
}
