package dev.sweep.api.curves;

/** One reported epoch of a job. */
record EpochPoint(
    int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy) {}
