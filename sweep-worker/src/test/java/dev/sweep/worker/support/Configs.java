package dev.sweep.worker.support;

import dev.sweep.contract.DatasetSpec;
import dev.sweep.contract.LrSchedule;
import dev.sweep.contract.ModelSpec;
import dev.sweep.contract.TrainingConfig;
import java.util.List;

/**
 * Test-data builder for {@link TrainingConfig}: small, fast defaults, one field changed at a time.
 */
public final class Configs {
  private DatasetSpec dataset = new DatasetSpec("fashion-mnist", 500, 2000, 7L);
  private ModelSpec model = mlp(List.of(64));
  private double learningRate = 0.001;
  private String optimizer = "adam";
  private Double momentum;
  private String loss = "cross_entropy";
  private int batchSize = 64;
  private String activation = "relu";
  private long seed = 42L;
  private Double dropout;
  private Integer epochs;
  private Double weightDecay;
  private LrSchedule lrSchedule;

  public static Configs config() {
    return new Configs();
  }

  public static ModelSpec mlp(List<Integer> hidden) {
    return new ModelSpec("mlp", hidden, null, null, null, null, null, null, null);
  }

  public static ModelSpec mixer(int patch, int hidden, int blocks, int token, int channel) {
    return new ModelSpec("mixer", null, patch, hidden, blocks, token, channel, false, false);
  }

  public Configs dataset(int validationSize, Integer trainLimit, long seed) {
    this.dataset = new DatasetSpec("fashion-mnist", validationSize, trainLimit, seed);
    return this;
  }

  public Configs model(ModelSpec model) {
    this.model = model;
    return this;
  }

  public Configs learningRate(double lr) {
    this.learningRate = lr;
    return this;
  }

  public Configs optimizer(String optimizer, Double momentum) {
    this.optimizer = optimizer;
    this.momentum = momentum;
    return this;
  }

  public Configs loss(String loss) {
    this.loss = loss;
    return this;
  }

  public Configs batchSize(int batchSize) {
    this.batchSize = batchSize;
    return this;
  }

  public Configs activation(String activation) {
    this.activation = activation;
    return this;
  }

  public Configs seed(long seed) {
    this.seed = seed;
    return this;
  }

  public Configs dropout(Double dropout) {
    this.dropout = dropout;
    return this;
  }

  public Configs epochs(Integer epochs) {
    this.epochs = epochs;
    return this;
  }

  public Configs weightDecay(Double weightDecay) {
    this.weightDecay = weightDecay;
    return this;
  }

  public Configs lrSchedule(LrSchedule lrSchedule) {
    this.lrSchedule = lrSchedule;
    return this;
  }

  public TrainingConfig build() {
    return new TrainingConfig(
        dataset,
        model,
        learningRate,
        optimizer,
        momentum,
        loss,
        batchSize,
        epochs,
        activation,
        seed,
        dropout,
        weightDecay,
        lrSchedule);
  }
}
