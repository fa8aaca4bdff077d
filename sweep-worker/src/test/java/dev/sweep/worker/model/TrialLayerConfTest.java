package dev.sweep.worker.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Two fused mixer trials with their own optimizers, through DL4J's own updater machinery: each
 * trial's parameters get its updater (and its state), the configuration survives DL4J's JSON, and
 * both trials start from the same weights, as each would alone.
 */
class TrialLayerConfTest {

  @Test
  void eachTrialTrainsWithItsOwnOptimizer() {
    MultiLayerNetwork net = fused(List.of(new Sgd(0.1), new Adam(0.01)));
    MixerBlock block = (MixerBlock) net.getLayer(1).conf().getLayer();
    assertThat(block.getUpdaterByParam("W1.0")).isEqualTo(new Sgd(0.1));
    assertThat(block.getUpdaterByParam("ln2b.1")).isEqualTo(new Adam(0.01));

    // trial 0's slice of every layer equals trial 1's at the start
    for (int layer = 0; layer < 3; layer++) {
      var p = net.getLayer(layer).paramTable();
      p.keySet().stream()
          .filter(k -> k.endsWith(".0"))
          .forEach(k -> assertThat(p.get(k.replace(".0", ".1"))).isEqualTo(p.get(k)));
    }
    // Adam keeps two moments per parameter of trial 1 only; SGD keeps none
    long trialParams = 0;
    for (int layer = 0; layer < 3; layer++) {
      trialParams += net.getLayer(layer).numParams() / 2;
    }
    assertThat(net.getUpdater().getStateViewArray().length()).isEqualTo(2 * trialParams);

    Nd4j.getRandom().setSeed(1);
    INDArray images = Nd4j.rand(DataType.FLOAT, 8, 784);
    INDArray labels = Nd4j.eye(10).getRows(0, 1, 2, 3, 4, 5, 6, 7).castTo(DataType.FLOAT);
    net.fit(new DataSet(images, labels));
    var stem = net.getLayer(0).paramTable();
    assertThat(stem.get("W.0")).isNotEqualTo(stem.get("W.1"));
  }

  @Test
  void perTrialSettingsSurviveJson() {
    MultiLayerConfiguration conf =
        fused(List.of(new Sgd(0.1), new Adam(0.01))).getLayerWiseConfigurations();
    MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
    MixerBlock block = (MixerBlock) back.getConf(1).getLayer();
    assertThat(block.getTrials()).isEqualTo(2);
    assertThat(block.getTrialUpdaters()).containsExactly(new Sgd(0.1), new Adam(0.01));
    assertThat(block.getDropout()).containsExactly(0.0, 0.2);
    assertThat(back.toJson()).isEqualTo(conf.toJson());
  }

  private static MultiLayerNetwork fused(List<IUpdater> updaters) {
    MixerStem stem = new MixerStem(7, 8, 2);
    stem.setTrialUpdaters(updaters);
    MixerBlock block = new MixerBlock(16, 8, 4, 12, Activation.RELU, true, true, 2);
    block.setTrialUpdaters(updaters);
    block.setDropout(List.of(0.0, 0.2));
    PatchMean mean = new PatchMean(16, 8, 2);
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(3)
            .weightInit(WeightInit.RELU)
            .updater(new Sgd(0.0))
            .list()
            .layer(stem)
            .layer(block)
            .layer(mean)
            .layer(
                new OutputLayer.Builder(LossFunction.MCXENT)
                    .nOut(10)
                    .activation(Activation.SOFTMAX)
                    .build())
            .setInputType(InputType.feedForward(784))
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }
}
