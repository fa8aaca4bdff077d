package dev.sweep.worker.model;

import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.data.FashionMnist;
import dev.sweep.worker.model.samediff.SameDiffMixerBlock;
import dev.sweep.worker.model.samediff.SameDiffMixerStem;
import dev.sweep.worker.model.samediff.SameDiffPatchMean;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The mixer as it was built before the hand-written layers: DL4J {@code SameDiffLayer}s, whose
 * backprop recomputes the forward pass. Kept for the speed comparison ({@code bench/worker.sh}) and
 * as a second, independent implementation to compare the new layers with. Same seed, same initial
 * weights as {@link ModelFactory#build}.
 */
public final class SameDiffMixer {
  private SameDiffMixer() {}

  public static MultiLayerNetwork build(TrainingConfig c) {
    ModelFactory.validate(c);
    ModelFactory.MixerShape mixer = ModelFactory.MixerShape.of(c.model());
    Activation act = Choices.activation(c.activation());
    WeightInit init = Choices.weightInit(act);
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder()
            .seed(ModelFactory.weightSeed(c.seed()))
            .dataType(DataType.FLOAT)
            .activation(act)
            .weightInit(init)
            .updater(Choices.updater(c.optimizer(), c.learningRate(), c.momentum()))
            .trainingWorkspaceMode(WorkspaceMode.ENABLED)
            .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
            .list();
    list.layer(new SameDiffMixerStem(mixer.patchSize(), mixer.hiddenDim(), init));
    for (int i = 0; i < mixer.blocks(); i++) {
      list.layer(
          new SameDiffMixerBlock(
              mixer.patches(),
              mixer.hiddenDim(),
              mixer.tokenDim(),
              mixer.channelDim(),
              act,
              mixer.skip(),
              mixer.layerNorm(),
              init));
    }
    list.layer(new SameDiffPatchMean(mixer.patches(), mixer.hiddenDim()));
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
}
