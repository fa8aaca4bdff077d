package dev.sweep.worker.model;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The state and step of {@link RmsPropMomentum}: the running mean of squared gradients and the
 * momentum buffer, both in DL4J's updater view (so checkpoints carry them).
 */
class RmsPropMomentumUpdater implements GradientUpdater<RmsPropMomentum> {
  static final String S_STATE = "S";
  static final String B_STATE = "B";

  private final RmsPropMomentum config;
  private INDArray s;
  private INDArray b;

  RmsPropMomentumUpdater(RmsPropMomentum config) {
    this.config = config;
  }

  @Override
  public RmsPropMomentum getConfig() {
    return config;
  }

  @Override
  public void setState(Map<String, INDArray> stateMap, boolean initialize) {
    if (!stateMap.containsKey(S_STATE) || !stateMap.containsKey(B_STATE) || stateMap.size() != 2) {
      throw new IllegalStateException("expected states S and B, got " + stateMap.keySet());
    }
    s = stateMap.get(S_STATE);
    b = stateMap.get(B_STATE);
    if (initialize) {
      s.assign(0);
      b.assign(0);
    }
  }

  @Override
  public Map<String, INDArray> getState() {
    return Map.of(S_STATE, s, B_STATE, b);
  }

  @Override
  public void setStateViewArray(
      INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
    if (initialize) {
      viewArray.assign(0);
    }
    long n = viewArray.length() / 2;
    INDArray flat = viewArray.reshape(viewArray.length());
    s = flat.get(NDArrayIndex.interval(0, n)).reshape(gradientOrder, gradientShape);
    b = flat.get(NDArrayIndex.interval(n, 2 * n)).reshape(gradientOrder, gradientShape);
  }

  @Override
  public void applyUpdater(INDArray gradient, int iteration, int epoch) {
    double alpha = config.getAlpha();
    s.muli(alpha).addi(gradient.mul(gradient).muli(1 - alpha));
    INDArray step = gradient.div(Transforms.sqrt(s, true).addi(config.getEpsilon()));
    b.muli(config.getMomentum()).addi(step);
    // DL4J subtracts whatever is left in 'gradient' from the parameters
    gradient.assign(b).muli(config.getLearningRate(iteration, epoch));
  }
}
