package dev.sweep.worker.model;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * SGD with classical (heavy-ball) momentum as PyTorch defines it: v = mu*v + g, p -= lr*v. DL4J
 * only ships Nesterov momentum, which is a different optimizer (our {@code nesterov}).
 */
public class HeavyBallMomentum implements IUpdater {
  private double learningRate;
  private ISchedule learningRateSchedule;
  private double momentum;

  /** For JSON deserialisation of checkpoints. */
  public HeavyBallMomentum() {}

  public HeavyBallMomentum(double learningRate, double momentum) {
    this.learningRate = learningRate;
    this.momentum = momentum;
  }

  public double getLearningRate() {
    return learningRate;
  }

  public void setLearningRate(double learningRate) {
    this.learningRate = learningRate;
  }

  public double getMomentum() {
    return momentum;
  }

  public void setMomentum(double momentum) {
    this.momentum = momentum;
  }

  @Override
  public long stateSize(long numParams) {
    return numParams;
  }

  @Override
  public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
    HeavyBallMomentumUpdater u = new HeavyBallMomentumUpdater(this);
    u.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
    return u;
  }

  @Override
  public GradientUpdater instantiate(Map<String, INDArray> state, boolean initialize) {
    HeavyBallMomentumUpdater u = new HeavyBallMomentumUpdater(this);
    u.setState(state, initialize);
    return u;
  }

  @Override
  public HeavyBallMomentum clone() {
    HeavyBallMomentum copy = new HeavyBallMomentum(learningRate, momentum);
    copy.learningRateSchedule = learningRateSchedule == null ? null : learningRateSchedule.clone();
    return copy;
  }

  public ISchedule getLearningRateSchedule() {
    return learningRateSchedule;
  }

  public void setLearningRateSchedule(ISchedule learningRateSchedule) {
    this.learningRateSchedule = learningRateSchedule;
  }

  @Override
  public double getLearningRate(int iteration, int epoch) {
    return learningRateSchedule == null
        ? learningRate
        : learningRateSchedule.valueAt(iteration, epoch);
  }

  @Override
  public boolean hasLearningRate() {
    return true;
  }

  @Override
  public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
    this.learningRate = lr;
    this.learningRateSchedule = lrSchedule;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HeavyBallMomentum h
        && h.learningRate == learningRate
        && Objects.equals(h.learningRateSchedule, learningRateSchedule)
        && h.momentum == momentum;
  }

  @Override
  public int hashCode() {
    return Objects.hash(learningRate, momentum, learningRateSchedule);
  }
}
