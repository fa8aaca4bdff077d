package dev.sweep.contract;

/**
 * @param name only "fashion-mnist" for now
 * @param validationSize images carved from the 60k training set, with {@code seed}
 * @param trainLimit if set, the training part is subsampled to this many images (quick runs)
 * @param seed seeds the train/validation split
 */
public record DatasetSpec(String name, int validationSize, Integer trainLimit, long seed) {}
