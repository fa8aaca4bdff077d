package dev.sweep.worker.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * Hands an updater with two states (Adam's m and v, RMSprop's mean square and momentum) its part of
 * DL4J's updater view: two halves, each shaped like the gradient, as DL4J's own Adam lays them out,
 * so checkpoints carry both.
 */
final class TwoStateView {
  private TwoStateView() {}

  static <U extends GradientUpdater<?>> U attach(U updater, INDArray view, boolean initialize) {
    long[] gradientShape = view.shape().clone();
    gradientShape[gradientShape.length - 1] /= 2;
    updater.setStateViewArray(view, gradientShape, view.ordering(), initialize);
    return updater;
  }
}
