package dev.sweep.worker.model;

import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.data.FashionMnist;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The network of one trial as users get it in an exported model file: the MLP as stock DL4J {@code
 * DenseLayer}s and an {@code OutputLayer}, so {@code ModelSerializer.restoreMultiLayerNetwork}
 * loads it without this project's classes; the Mixer with this project's layers at T = 1. Its flat
 * parameters are laid out as a trial's slice of a fused network (per layer W then b, W in 'f'
 * order), so the slice's values can be written into it as they are.
 */
public final class Standalone {
  private Standalone() {}

  public static MultiLayerNetwork network(TrainingConfig c) {
    ModelFactory.validate(c);
    if (!Choices.norm(c.model().type()).equals("mlp")) {
      return ModelFactory.build(c);
    }
    Activation act = Choices.activation(c.activation());
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder()
            .seed(ModelFactory.weightSeed(c.seed()))
            .dataType(DataType.FLOAT)
            .activation(act)
            .weightInit(Choices.weightInit(act))
            .updater(stockUpdater(c))
            .list();
    for (int width : ModelFactory.hiddenLayers(c.model())) {
      list.layer(new DenseLayer.Builder().nOut(width).build());
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
   * The trial's optimizer where DL4J ships it; our heavy-ball momentum is not a DL4J class, so a
   * file that names it would not load without this project: plain SGD at the same rate instead; our
   * Adam becomes DL4J's.
   */
  private static IUpdater stockUpdater(TrainingConfig c) {
    IUpdater u = Choices.updater(c.optimizer(), c.learningRate(), c.momentum());
    if (u instanceof LeanAdam a) {
      return a.stock();
    }
    return u instanceof HeavyBallMomentum ? new Sgd(c.learningRate()) : u;
  }
}
