package dev.sweep.worker.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.nd4j.linalg.api.buffer.DataType;

/** The implementation side of a {@link TrialLayerConf}: what all of them share. */
abstract class TrialLayer<C extends TrialLayerConf> extends BaseLayer<C> {

  TrialLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  /** Every parameter's gradient view, in parameter order, once backprop has filled them. */
  Gradient gradients() {
    Gradient g = new DefaultGradient(gradientsFlattened);
    for (String key : params.keySet()) {
      g.gradientForVariable().put(key, gradientViews.get(key));
    }
    return g;
  }
}
