package dev.sweep.contract;

/** Loss and accuracy on the 10k test set, evaluated only at an epoch that ends a trial. */
public record TestMetrics(double loss, double accuracy) {}
