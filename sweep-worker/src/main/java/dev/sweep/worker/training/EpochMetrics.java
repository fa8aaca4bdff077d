package dev.sweep.worker.training;

import dev.sweep.contract.EpochReport;
import dev.sweep.contract.TestMetrics;

/**
 * One trained epoch.
 *
 * @param trainLoss mean of the epoch's batch losses, each taken from the batch's own forward pass
 * @param trainAccuracy fraction of the epoch's training images classified correctly by the forward
 *     pass that trained on them (before that batch's update)
 * @param valLoss mean loss on the validation images; null (as is {@code valAccuracy}) when the
 *     dataset has none ({@code validation_size} 0)
 * @param valAccuracy fraction of the validation images classified correctly, or null
 * @param seconds wall time of the epoch: training plus validation
 * @param samplesPerSecond training images per second of training time
 */
public record EpochMetrics(
    int epoch,
    double trainLoss,
    double trainAccuracy,
    Double valLoss,
    Double valAccuracy,
    double seconds,
    double samplesPerSecond) {

  /**
   * This epoch as the worker reports it under {@code leaseToken}: with the test set's metrics where
   * a trial ends (else null), and {@code complete} at the job's planned last epoch.
   */
  public EpochReport report(long leaseToken, LossAndAccuracy test, boolean complete) {
    return new EpochReport(
        leaseToken,
        epoch,
        trainLoss,
        trainAccuracy,
        valLoss,
        valAccuracy,
        seconds,
        samplesPerSecond,
        test == null ? null : new TestMetrics(test.loss(), test.accuracy()),
        complete);
  }
}
