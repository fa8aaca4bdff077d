package dev.sweep.contract;

/**
 * What jobs must share to train fused, as one computation on one worker slot: the data (and its
 * order, from the seed), the model's shape and type, the activation and the batch size. Everything
 * else (learning rate, optimizer, momentum, loss, regularisation, dropout, schedule) may differ
 * from trial to trial inside a group.
 */
public record FusionKey(
    DatasetSpec dataset, ModelSpec model, String activation, int batchSize, long seed) {

  public static FusionKey of(TrainingConfig c) {
    return new FusionKey(c.dataset(), c.model(), c.activation(), c.batchSize(), c.seed());
  }
}
