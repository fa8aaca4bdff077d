package dev.sweep.contract;

/**
 * One epoch's metrics. Idempotent per (job, epoch): a repeat of the same epoch under the same lease
 * is accepted and changes nothing.
 *
 * @param trainLoss mean of the epoch's batch losses
 * @param trainAccuracy accuracy on the epoch's training data
 * @param test test-set metrics, present exactly when this epoch ends at least one served trial
 */
public record EpochReport(
    long leaseToken,
    int epoch,
    double trainLoss,
    double trainAccuracy,
    double valLoss,
    double valAccuracy,
    double seconds,
    double samplesPerSecond,
    TestMetrics test) {}
