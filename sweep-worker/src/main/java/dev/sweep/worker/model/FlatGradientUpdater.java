package dev.sweep.worker.model;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's updater without a per-step cost of DL4J 1.0.0-M2.1. {@code DefaultGradient.gradient()}
 * answers a fresh reshape of the network's flat gradient, never the array itself, so {@code
 * BaseMultiLayerUpdater.update} treats every step's gradient as "external": for each updater block
 * it cuts new views of the gradient, and for regularisation new views of the parameters and
 * gradients, before and after the update. A fused group has an updater block per trial and
 * parameter, so that is over a hundred array views per step, each with a native shape buffer (a
 * quarter of a batch-64 step, measured). Handed the flat array itself, the updater takes its
 * standard path, over the views each block cut once. The same operations run in the same order, so
 * the numbers are the same bit for bit. Its blocks are {@link LeanUpdaterBlock}s, for the same
 * reason.
 */
final class FlatGradientUpdater extends MultiLayerUpdater {

  FlatGradientUpdater(MultiLayerNetwork net) {
    super(net);
    updaterBlocks.replaceAll(LeanUpdaterBlock::new);
  }

  @Override
  public synchronized void update(
      Gradient gradient, int iteration, int epoch, int batchSize, LayerWorkspaceMgr mgr) {
    INDArray flat = getFlattenedGradientsView();
    INDArray given = gradient.gradient();
    boolean sameMemory =
        flat != null
            && given.length() == flat.length()
            && given.data().address() == flat.data().address()
            && given.offset() == flat.offset();
    super.update(
        sameMemory ? new FlatGradient(gradient, flat) : gradient, iteration, epoch, batchSize, mgr);
  }

  @Override
  public FlatGradientUpdater clone() {
    return new FlatGradientUpdater(network);
  }

  /** The same gradient, answering the network's flat gradient array itself. */
  private record FlatGradient(Gradient of, INDArray flat) implements Gradient {
    @Override
    public Map<String, INDArray> gradientForVariable() {
      return of.gradientForVariable();
    }

    @Override
    public INDArray gradient(List<String> order) {
      return of.gradient(order);
    }

    @Override
    public INDArray gradient() {
      return flat;
    }

    @Override
    public void clear() {
      of.clear();
    }

    @Override
    public INDArray getGradientFor(String variable) {
      return of.getGradientFor(variable);
    }

    @Override
    public INDArray setGradientFor(String variable, INDArray gradient) {
      return of.setGradientFor(variable, gradient);
    }

    @Override
    public INDArray setGradientFor(String variable, INDArray gradient, Character order) {
      return of.setGradientFor(variable, gradient, order);
    }

    @Override
    public Character flatteningOrderForVariable(String variable) {
      return of.flatteningOrderForVariable(variable);
    }
  }
}
