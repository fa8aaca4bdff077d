package dev.sweep.worker.training;

import dev.sweep.worker.model.FusedLayer;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One trial's share of a fused network: its parameters and its optimizer state, laid out as the
 * same trial's network alone (T = 1) lays them out, whatever group it trains in. Parameters come
 * layer by layer in parameter-table order, each in its storage order; then, per parameter in the
 * same order, its k chunks of optimizer state (Adam: m then v).
 *
 * <p>DL4J keeps optimizer state per updater block: consecutive parameters with equal updater
 * configurations share one block, whose state is k chunks of the block's length, element-aligned
 * with its gradient. A trial's state is cut out of (and put back into) whatever blocks the group
 * formed with that rule, so a slice moves between groups of any composition.
 *
 * @param layout the trial's parameter names, shapes and state chunks, to check a slice fits
 */
record TrialSlice(String layout, float[] params, float[] updaterState) {

  static TrialSlice cut(MultiLayerNetwork net, int trial) {
    return new TrialSlice(
        layout(net, trial), paramValues(net, trial), concat(stateViews(net, trial)));
  }

  /** Trial {@code trial}'s parameters alone, as {@link #cut} lays them out (for model files). */
  static float[] paramValues(MultiLayerNetwork net, int trial) {
    return concat(values(params(net, trial)));
  }

  /** Writes this slice into trial {@code trial} of {@code net}. */
  void put(MultiLayerNetwork net, int trial) {
    String expected = layout(net, trial);
    if (!expected.equals(layout)) {
      throw new IllegalArgumentException(
          "checkpoint does not fit the network: it holds " + layout + ", the network " + expected);
    }
    scatter(params, values(params(net, trial)));
    scatter(updaterState, stateViews(net, trial));
  }

  private record Param(int layer, String name, INDArray value) {}

  /** Trial t's parameters: named {@code <name>.<t>}, or all of them in an unfused network. */
  private static List<Param> params(MultiLayerNetwork net, int trial) {
    List<Param> out = new ArrayList<>();
    for (Layer layer : net.getLayers()) {
      layer
          .paramTable()
          .forEach(
              (name, p) -> {
                if (belongs(layer, name, trial)) {
                  out.add(new Param(layer.getIndex(), FusedLayer.baseName(name), p));
                }
              });
    }
    return out;
  }

  private static List<INDArray> values(List<Param> params) {
    return params.stream().map(Param::value).toList();
  }

  /**
   * Whether a parameter is trial t's: fused layers name theirs {@code <name>.<t>}; a layer that is
   * not fused (DL4J's own) can only be in a one-trial network.
   */
  private static boolean belongs(Trainable layer, String name, int trial) {
    if (FusedLayer.hasTrial(name)) {
      return FusedLayer.trialOf(name) == trial;
    }
    if (trial != 0) {
      throw new IllegalStateException(
          "parameter " + name + " of " + layer.getConfig().getLayerName() + " names no trial");
    }
    return true;
  }

  private static List<INDArray> stateViews(MultiLayerNetwork net, int trial) {
    List<INDArray> out = new ArrayList<>();
    BaseMultiLayerUpdater<?> updater = (BaseMultiLayerUpdater<?>) net.getUpdater();
    INDArray state = updater.getStateViewArray();
    if (state == null) {
      return out;
    }
    INDArray flat = state.reshape(state.length());
    for (UpdaterBlock block : updater.getUpdaterBlocks()) {
      long length = block.getParamOffsetEnd() - block.getParamOffsetStart();
      long stateLength = block.getUpdaterViewOffsetEnd() - block.getUpdaterViewOffsetStart();
      if (stateLength == 0) {
        continue;
      }
      if (stateLength % length != 0) {
        throw new IllegalStateException("updater state is not whole chunks of its block");
      }
      for (UpdaterBlock.ParamState p : block.getLayersAndVariablesInBlock()) {
        if (!belongs(p.getLayer(), p.getParamName(), trial)) {
          continue;
        }
        long offset = p.getParamOffsetStart() - block.getParamOffsetStart();
        long n = p.getParamOffsetEnd() - p.getParamOffsetStart();
        for (long chunk = 0; chunk < stateLength / length; chunk++) {
          long from = block.getUpdaterViewOffsetStart() + chunk * length + offset;
          out.add(flat.get(NDArrayIndex.interval(from, from + n)));
        }
      }
    }
    return out;
  }

  private static String layout(MultiLayerNetwork net, int trial) {
    StringBuilder sb = new StringBuilder();
    for (Param p : params(net, trial)) {
      long[] shape = p.value().shape();
      sb.append(p.layer()).append('/').append(p.name()).append(':').append(shape[0]);
      for (int i = 1; i < shape.length; i++) {
        sb.append('x').append(shape[i]);
      }
      sb.append(' ');
    }
    return sb.append("state ").append(concatLength(stateViews(net, trial))).toString();
  }

  private static long concatLength(List<INDArray> arrays) {
    long n = 0;
    for (INDArray a : arrays) {
      n += a.length();
    }
    return n;
  }

  private static float[] concat(List<INDArray> arrays) {
    float[] out = new float[Math.toIntExact(concatLength(arrays))];
    int at = 0;
    for (INDArray a : arrays) {
      // its elements in storage order: a parameter or state view is one run of the flat array,
      // read as it lies; anything else is copied in its own order first
      int n = (int) a.length();
      float[] part =
          Shape.isContiguousInBuffer(a) && a.data().length() >= n
              ? a.data().getFloatsAt(0, n)
              : a.dup(a.ordering()).data().asFloat();
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  private static void scatter(float[] values, List<INDArray> into) {
    if (values.length != concatLength(into)) {
      throw new IllegalArgumentException(
          "expected " + concatLength(into) + " values, got " + values.length);
    }
    int at = 0;
    for (INDArray a : into) {
      int n = (int) a.length();
      float[] part = new float[n];
      System.arraycopy(values, at, part, 0, n);
      a.assign(Nd4j.create(part, a.shape(), a.ordering()));
      at += n;
    }
  }
}
