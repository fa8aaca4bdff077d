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
    // as DL4J's Adam: m then v
    return TwoStateView.attach(new LeanAdamUpdater(this), viewArray, initializeViewArray);
  }

  @Override
  public GradientUpdater instantiate(Map<String, INDArray> state, boolean initialize) {
    LeanAdamUpdater u = new LeanAdamUpdater(this);
    u.setState(state, initialize);
    return u;
  }

  @Override
  public LeanAdam clone() {
    return copyInto(new LeanAdam());
  }

  /** DL4J's own Adam with the same settings, for files read without this project. */
  Adam stock() {
    return copyInto(new Adam());
  }

  private <A extends Adam> A copyInto(A a) {
    ISchedule schedule = getLearningRateSchedule();
    a.setLearningRate(getLearningRate());
    a.setLearningRateSchedule(schedule == null ? null : schedule.clone());
    a.setBeta1(getBeta1());
    a.setBeta2(getBeta2());
    a.setEpsilon(getEpsilon());
    return a;
  }
}
