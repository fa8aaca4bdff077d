package dev.sweep.api.sweep;

/**
 * One epoch of a trial's curve (its job's row).
 *
 * @param valLoss null, as is {@code valAccuracy}, for a job without validation images
 *     (validation_size 0)
 */
public record EpochView(
    int epoch,
    double trainLoss,
    double trainAccuracy,
    Double valLoss,
    Double valAccuracy,
    double seconds,
    double samplesPerSecond) {}
