package dev.sweep.api.sweep;

/** One epoch of a trial's curve (its job's row). */
public record EpochView(
    int epoch,
    double trainLoss,
    double trainAccuracy,
    double valLoss,
    double valAccuracy,
    double seconds,
    double samplesPerSecond) {}
