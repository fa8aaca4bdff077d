package dev.sweep.worker.training;

/**
 * One trained epoch.
 *
 * @param trainLoss mean of the epoch's batch losses, each taken from the batch's own forward pass
 * @param trainAccuracy fraction of the epoch's training images classified correctly by the forward
 *     pass that trained on them (before that batch's update)
 * @param seconds wall time of the epoch: training plus validation
 * @param samplesPerSecond training images per second of training time
 */
public record EpochMetrics(
    int epoch,
    double trainLoss,
    double trainAccuracy,
    double valLoss,
    double valAccuracy,
    double seconds,
    double samplesPerSecond) {}
