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
 * @param complete this is the job's planned last epoch: the API completes the job (RUNNING to
 *     SUCCEEDED, as POST complete does) in this report's transaction and answers {@link
 *     LeaseStatus#completed()}, so the worker needs neither a final checkpoint (no re-claim can
 *     find the epoch reported but the job unfinished) nor a complete call. 400 naming {@code
 *     complete} when {@code epoch} is not the planned last one. Missing in JSON means false: an
 *     older worker reports, then completes
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
    TestMetrics test,
    boolean complete) {}
