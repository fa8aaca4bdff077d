package dev.sweep.contract;

/**
 * Everything a worker needs to train one job, with defaults already filled and equivalent values
 * folded (for example {@code loss} is always the canonical name). Epochs are not part of it: a job
 * trains to {@link JobAssignment#plannedEpochs()}.
 *
 * @param optimizer one of adam, sgd, adamw, rmsprop, nesterov
 * @param momentum used by sgd, nesterov and rmsprop when set; null means the optimizer's default
 * @param loss one of cross_entropy, nll (folded to cross_entropy by the API)
 * @param activation one of relu, sigmoid, tanh, gelu, leaky_relu, elu
 * @param seed seeds weight initialisation and the per-epoch data order
 */
public record TrainingConfig(
    DatasetSpec dataset,
    ModelSpec model,
    double learningRate,
    String optimizer,
    Double momentum,
    String loss,
    int batchSize,
    String activation,
    long seed) {}
