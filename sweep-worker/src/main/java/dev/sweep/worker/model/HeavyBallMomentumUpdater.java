package dev.sweep.worker.model;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;

/** The state and step of {@link HeavyBallMomentum}; the velocity lives in DL4J's updater view. */
class HeavyBallMomentumUpdater implements GradientUpdater<HeavyBallMomentum> {
  static final String V_STATE = "V";

  private final HeavyBallMomentum config;
  private INDArray v;

  HeavyBallMomentumUpdater(HeavyBallMomentum config) {
    this.config = config;
  }

  @Override
  public HeavyBallMomentum getConfig() {
    return config;
  }

  @Override
  public void setState(Map<String, INDArray> stateMap, boolean initialize) {
    if (!stateMap.containsKey(V_STATE) || stateMap.size() != 1) {
      throw new IllegalStateException("expected state " + V_STATE + ", got " + stateMap.keySet());
    }
    v = stateMap.get(V_STATE);
    if (initialize) {
      v.assign(0);
    }
  }

  @Override
  public Map<String, INDArray> getState() {
    return Map.of(V_STATE, v);
  }

  @Override
  public void setStateViewArray(
      INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
    if (initialize) {
      viewArray.assign(0);
    }
    v = viewArray.reshape(gradientOrder, gradientShape);
  }

  @Override
  public void applyUpdater(INDArray gradient, int iteration, int epoch) {
    // DL4J subtracts whatever is left in 'gradient' from the parameters
    v.muli(config.getMomentum()).addi(gradient);
    gradient.assign(v).muli(config.getLearningRate(iteration, epoch));
  }
}
