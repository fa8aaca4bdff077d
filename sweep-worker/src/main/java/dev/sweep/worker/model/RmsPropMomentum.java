package dev.sweep.worker.model;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * RMSprop with momentum as PyTorch defines it: s = alpha*s + (1-alpha)*g^2, b = mu*b +
 * g/(sqrt(s)+eps), p -= lr*b. DL4J's RmsProp has no momentum term, so without this a momentum value
 * given for rmsprop would silently change nothing.
 */
public class RmsPropMomentum implements IUpdater {
  private double learningRate;
  private ISchedule learningRateSchedule;
  private double momentum;
  private double alpha;
  private double epsilon;

  /** For JSON deserialisation of checkpoints. */
  public RmsPropMomentum() {}

  public RmsPropMomentum(double learningRate, double momentum, double alpha, double epsilon) {
    this.learningRate = learningRate;
    this.momentum = momentum;
    this.alpha = alpha;
    this.epsilon = epsilon;
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

  public double getAlpha() {
    return alpha;
  }

  public void setAlpha(double alpha) {
    this.alpha = alpha;
  }

  public double getEpsilon() {
    return epsilon;
  }

  public void setEpsilon(double epsilon) {
    this.epsilon = epsilon;
  }

  @Override
  public long stateSize(long numParams) {
    return 2 * numParams;
  }

  @Override
  public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
    return TwoStateView.attach(new RmsPropMomentumUpdater(this), viewArray, initializeViewArray);
  }

  @Override
  public GradientUpdater instantiate(Map<String, INDArray> state, boolean initialize) {
    RmsPropMomentumUpdater u = new RmsPropMomentumUpdater(this);
    u.setState(state, initialize);
    return u;
  }

  @Override
  public RmsPropMomentum clone() {
    RmsPropMomentum copy = new RmsPropMomentum(learningRate, momentum, alpha, epsilon);
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
    return o instanceof RmsPropMomentum r
        && r.learningRate == learningRate
        && Objects.equals(r.learningRateSchedule, learningRateSchedule)
        && r.momentum == momentum
        && r.alpha == alpha
        && r.epsilon == epsilon;
  }

  @Override
  public int hashCode() {
    return Objects.hash(learningRate, momentum, alpha, epsilon, learningRateSchedule);
  }
}
