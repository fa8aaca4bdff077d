package dev.sweep.worker.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parameters of a fused dense or output layer: per trial t a weight {@code W.t} of {@code [nIn,
 * nOut]} in 'f' order and a bias {@code b.t} of {@code [1, nOut]}. All weights come first, side by
 * side, so together they are one {@code [nIn, T*nOut]} 'f'-order matrix ({@link #allWeights}) that
 * a single product can use; then all biases, one {@code [1, T*nOut]} row ({@link #allBiases}).
 *
 * <p>Initialisation draws trial 0's weights from DL4J's RNG exactly as a plain {@code DenseLayer}
 * would (same shape, order and weight init, so the same draws), and copies them to every other
 * trial: trials of a group share the seed, so each starts from the weights it would have alone.
 */
final class FusedParams implements ParamInitializer {
  static final String WEIGHT = "W";
  static final String BIAS = "b";
  static final FusedParams INSTANCE = new FusedParams();

  private FusedParams() {}

  @Override
  public long numParams(NeuralNetConfiguration conf) {
    return numParams(conf.getLayer());
  }

  @Override
  public long numParams(Layer layer) {
    FusedLayer l = (FusedLayer) layer;
    return l.trialCount() * (l.getNIn() * l.getNOut() + l.getNOut());
  }

  @Override
  public List<String> paramKeys(Layer layer) {
    List<String> keys = new ArrayList<>(weightKeys(layer));
    keys.addAll(biasKeys(layer));
    return keys;
  }

  @Override
  public List<String> weightKeys(Layer layer) {
    return keys(WEIGHT, ((FusedLayer) layer).trialCount());
  }

  @Override
  public List<String> biasKeys(Layer layer) {
    return keys(BIAS, ((FusedLayer) layer).trialCount());
  }

  @Override
  public boolean isWeightParam(Layer layer, String key) {
    return FusedLayer.baseName(key).equals(WEIGHT);
  }

  @Override
  public boolean isBiasParam(Layer layer, String key) {
    return FusedLayer.baseName(key).equals(BIAS);
  }

  @Override
  public Map<String, INDArray> init(
      NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
    FusedLayer l = (FusedLayer) conf.getLayer();
    Map<String, INDArray> params = views(l, paramsView);
    if (initializeParams) {
      INDArray first = params.get(FusedLayer.param(WEIGHT, 0));
      // the flat range, as DL4J's DefaultParamInitializer passes it: the same draws in the same
      // places
      l.getWeightInitFn()
          .init(l.getNIn(), l.getNOut(), first.shape(), 'f', range(paramsView, 0, first.length()));
      for (int t = 0; t < l.trialCount(); t++) {
        if (t > 0) {
          params.get(FusedLayer.param(WEIGHT, t)).assign(first);
        }
        params.get(FusedLayer.param(BIAS, t)).assign(l.getBiasInit());
      }
    }
    params.keySet().forEach(conf::addVariable);
    return Collections.synchronizedMap(params);
  }

  @Override
  public Map<String, INDArray> getGradientsFromFlattened(
      NeuralNetConfiguration conf, INDArray gradientView) {
    return views((FusedLayer) conf.getLayer(), gradientView);
  }

  /** All trials' weights as one {@code [nIn, T*nOut]} 'f'-order view of a layer's flat array. */
  static INDArray allWeights(FusedLayer l, INDArray flat) {
    long n = l.getNIn() * l.getNOut() * l.trialCount();
    return range(flat, 0, n).reshape('f', new long[] {l.getNIn(), l.getNOut() * l.trialCount()});
  }

  /** All trials' biases as one {@code [1, T*nOut]} view of a layer's flat array. */
  static INDArray allBiases(FusedLayer l, INDArray flat) {
    long start = l.getNIn() * l.getNOut() * l.trialCount();
    return range(flat, start, start + l.getNOut() * l.trialCount())
        .reshape(1, l.getNOut() * l.trialCount());
  }

  private static Map<String, INDArray> views(FusedLayer l, INDArray flat) {
    long nIn = l.getNIn();
    long nOut = l.getNOut();
    int trials = l.trialCount();
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (int t = 0; t < trials; t++) {
      long from = t * nIn * nOut;
      out.put(
          FusedLayer.param(WEIGHT, t),
          range(flat, from, from + nIn * nOut).reshape('f', new long[] {nIn, nOut}));
    }
    long biases = trials * nIn * nOut;
    for (int t = 0; t < trials; t++) {
      long from = biases + t * nOut;
      out.put(FusedLayer.param(BIAS, t), range(flat, from, from + nOut).reshape(1, nOut));
    }
    return out;
  }

  private static INDArray range(INDArray flat, long from, long to) {
    return flat.reshape(flat.length()).get(NDArrayIndex.interval(from, to));
  }

  private static List<String> keys(String name, int trials) {
    List<String> keys = new ArrayList<>(trials);
    for (int t = 0; t < trials; t++) {
      keys.add(FusedLayer.param(name, t));
    }
    return keys;
  }
}
