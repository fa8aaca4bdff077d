package dev.sweep.contract;

/**
 * One epoch's metrics. Idempotent per (job, epoch): a repeat of the same epoch under the same lease
 * is accepted and changes nothing.
 *
 * @param trainLoss mean of the epoch's batch losses
 * @param trainAccuracy accuracy on the epoch's training data
 * @param valLoss loss on the validation images; null exactly when the job has none ({@code
 *     dataset.validation_size} 0), and then so is {@code valAccuracy}
 * @param valAccuracy accuracy on the validation images; null with {@code valLoss}
 * @param test test-set metrics, present exactly when this epoch ends at least one served trial
 */
public record EpochReport(
    long leaseToken,
    int epoch,
    double trainLoss,
    double trainAccuracy,
    Double valLoss,
    Double valAccuracy,
    double seconds,
    double samplesPerSecond,
    TestMetrics test) {}
