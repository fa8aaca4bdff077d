package dev.sweep.worker.model;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * DL4J's Adam with a faster step ({@link LeanAdamUpdater}): the same configuration, state layout
 * and arithmetic, so checkpoints and results do not change. A model file names DL4J's own {@link
 * Adam} instead ({@link Standalone}), so it loads without this project.
 */
public class LeanAdam extends Adam {

  /** For JSON deserialisation. */
  public LeanAdam() {}

  public LeanAdam(double learningRate) {
    super(learningRate);
  }

  @Override
  public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
    LeanAdamUpdater u = new LeanAdamUpdater(this);
    // as DL4J's Adam: the view holds m then v, each shaped like the gradient
    long[] gradientShape = viewArray.shape().clone();
    gradientShape[gradientShape.length - 1] /= 2;
    u.setStateViewArray(viewArray, gradientShape, viewArray.ordering(), initializeViewArray);
    return u;
  }

  @Override
  public GradientUpdater instantiate(Map<String, INDArray> state, boolean initialize) {
    LeanAdamUpdater u = new LeanAdamUpdater(this);
    u.setState(state, initialize);
    return u;
  }

  @Override
  public LeanAdam clone() {
    LeanAdam copy = new LeanAdam(getLearningRate());
    ISchedule schedule = getLearningRateSchedule();
    copy.setLearningRateSchedule(schedule == null ? null : schedule.clone());
    copy.setBeta1(getBeta1());
    copy.setBeta2(getBeta2());
    copy.setEpsilon(getEpsilon());
    return copy;
  }

  /** DL4J's own Adam with the same settings, for files read without this project. */
  Adam stock() {
    Adam a = new Adam(getLearningRate());
    ISchedule schedule = getLearningRateSchedule();
    a.setLearningRateSchedule(schedule == null ? null : schedule.clone());
    a.setBeta1(getBeta1());
    a.setBeta2(getBeta2());
    a.setEpsilon(getEpsilon());
    return a;
  }
}
