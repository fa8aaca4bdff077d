package dev.sweep.api.curves;

/**
 * One reported epoch of a job; the val pair is null for a job without validation images
 * (validation_size 0).
 */
record EpochPoint(
    int epoch, double trainLoss, double trainAccuracy, Double valLoss, Double valAccuracy) {

  boolean validated() {
    return valLoss != null;
  }
}
