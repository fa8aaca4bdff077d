package dev.sweep.worker.training;

/** Mean cross-entropy and accuracy of a model over one set of images. */
public record LossAndAccuracy(double loss, double accuracy) {}
