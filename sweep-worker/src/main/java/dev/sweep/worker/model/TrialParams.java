package dev.sweep.worker.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Lays out a {@link TrialLayerConf}'s parameters in its slice of the network's flat parameter
 * vector: for each {@link ParamSpec} in order, trial 0's matrix, then trial 1's, and so on (so
 * {@code W1_0..W1_{T-1}} are contiguous, then {@code W2_0..}). Trial 0 is initialised exactly as a
 * one-trial layer would be, in the same order of draws; the other trials are copies of it, since
 * the trials of one fused group share the seed.
 */
final class TrialParams implements ParamInitializer {
  static final TrialParams INSTANCE = new TrialParams();

  private TrialParams() {}

  private static TrialLayerConf conf(Layer layer) {
    return (TrialLayerConf) layer;
  }

  @Override
  public long numParams(NeuralNetConfiguration conf) {
    return numParams(conf.getLayer());
  }

  @Override
  public long numParams(Layer layer) {
    TrialLayerConf c = conf(layer);
    return c.paramSpecs().stream().mapToLong(ParamSpec::length).sum() * c.getTrials();
  }

  @Override
  public List<String> paramKeys(Layer layer) {
    return keys(layer, null);
  }

  @Override
  public List<String> weightKeys(Layer layer) {
    return keys(layer, ParamSpec.Kind.WEIGHT);
  }

  @Override
  public List<String> biasKeys(Layer layer) {
    List<String> out = keys(layer, ParamSpec.Kind.BIAS);
    out.addAll(keys(layer, ParamSpec.Kind.GAIN));
    return out;
  }

  private static List<String> keys(Layer layer, ParamSpec.Kind kind) {
    List<String> out = new ArrayList<>();
    for (ParamSpec s : conf(layer).paramSpecs()) {
      if (kind == null || s.kind() == kind) {
        for (int t = 0; t < conf(layer).getTrials(); t++) {
          out.add(s.key(t));
        }
      }
    }
    return out;
  }

  @Override
  public boolean isWeightParam(Layer layer, String key) {
    return weightKeys(layer).contains(key);
  }

  @Override
  public boolean isBiasParam(Layer layer, String key) {
    return biasKeys(layer).contains(key);
  }

  @Override
  public Map<String, INDArray> init(
      NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
    TrialLayerConf c = conf(conf.getLayer());
    Map<String, INDArray> views = views(c, paramsView);
    views.keySet().forEach(conf::addVariable); // as DL4J's own initialisers register theirs
    if (initializeParams) {
      for (ParamSpec s : c.paramSpecs()) {
        INDArray first = views.get(s.key(0));
        switch (s.kind()) {
          case WEIGHT -> c.getWeightInitFn().init(s.fanIn(), s.fanOut(), first.shape(), 'c', first);
          case BIAS -> first.assign(0);
          case GAIN -> first.assign(1);
        }
        for (int t = 1; t < c.getTrials(); t++) {
          views.get(s.key(t)).assign(first);
        }
      }
    }
    return views;
  }

  @Override
  public Map<String, INDArray> getGradientsFromFlattened(
      NeuralNetConfiguration conf, INDArray gradientView) {
    return views(conf(conf.getLayer()), gradientView);
  }

  /** Views into the flat array, in parameter order; writes through them land in the network. */
  private static Map<String, INDArray> views(TrialLayerConf c, INDArray flatView) {
    Map<String, INDArray> out = new LinkedHashMap<>();
    if (flatView == null) {
      return out; // DL4J passes no view to a layer without parameters
    }
    INDArray flat = flatView.reshape(flatView.length());
    long offset = 0;
    for (ParamSpec s : c.paramSpecs()) {
      for (int t = 0; t < c.getTrials(); t++) {
        INDArray v = flat.get(NDArrayIndex.interval(offset, offset + s.length()));
        out.put(s.key(t), v.reshape('c', s.rows(), s.cols()));
        offset += s.length();
      }
    }
    return out;
  }
}
