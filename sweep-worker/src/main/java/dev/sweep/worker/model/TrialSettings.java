package dev.sweep.worker.model;

import dev.sweep.contract.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * What one trial of a fused group may set for itself: its optimizer (with learning rate, momentum
 * and schedule inside the DL4J updater config), its weight and bias regularisation, its dropout
 * rate, and the seed its dropout masks come from. Every fused layer configuration holds one per
 * trial and answers DL4J's {@code getUpdaterByParam} / {@code getRegularizationByParam} from it.
 *
 * <p>A mutable bean rather than a record because DL4J serialises layer configurations with its
 * (shaded) Jackson through bean accessors, for example when a model is exported with {@code
 * ModelSerializer}.
 */
public final class TrialSettings {
  private IUpdater updater;
  private List<Regularization> weightRegularization = new ArrayList<>();
  private List<Regularization> biasRegularization = new ArrayList<>();
  private double dropout;
  private long seed;

  /** For JSON deserialisation. */
  public TrialSettings() {}

  public TrialSettings(
      IUpdater updater,
      List<Regularization> weightRegularization,
      List<Regularization> biasRegularization,
      double dropout,
      long seed) {
    if (!(dropout >= 0 && dropout < 1)) {
      throw new InvalidConfigException("dropout must be in [0, 1), got " + dropout);
    }
    this.updater = Objects.requireNonNull(updater, "updater");
    this.weightRegularization = new ArrayList<>(weightRegularization);
    this.biasRegularization = new ArrayList<>(biasRegularization);
    this.dropout = dropout;
    this.seed = seed;
  }

  /** The settings a training configuration asks for. */
  public static TrialSettings of(TrainingConfig c) {
    IUpdater updater = Choices.updater(c.optimizer(), c.learningRate(), c.momentum());
    if (c.lrSchedule() != null) {
      if (c.lrSchedule().dependsOnEpochs() && c.epochs() == null) {
        // the planner keeps epochs in such a job's configuration
        throw new InvalidConfigException(
            "lr_schedule " + c.lrSchedule().type() + " needs epochs in the configuration");
      }
      int epochs = c.epochs() == null ? 0 : c.epochs();
      updater.setLrAndSchedule(
          c.learningRate(), new EpochSchedule(c.lrSchedule(), c.learningRate(), epochs));
    }
    List<Regularization> decay = regularization(c.optimizer(), c.weightDecay());
    double dropout = c.dropout() == null ? 0 : c.dropout();
    return new TrialSettings(updater, decay, decay, dropout, c.seed());
  }

  /**
   * Decoupled weight decay for adamw (as PyTorch's AdamW: {@code w -= lr * wd * w} each step, 0.01
   * unless set), L2 regularisation for the others (as PyTorch's {@code weight_decay}: {@code wd *
   * w} added to the gradient). Applied to biases too, as PyTorch does by default.
   */
  static List<Regularization> regularization(String optimizer, Double weightDecay) {
    if (Choices.decoupledWeightDecay(optimizer)) {
      double wd = weightDecay == null ? Choices.ADAMW_WEIGHT_DECAY : weightDecay;
      return wd == 0 ? List.of() : List.of(new WeightDecay(wd, true));
    }
    return weightDecay == null || weightDecay == 0
        ? List.of()
        : List.of(new L2Regularization(weightDecay));
  }

  /** The same settings with another updater, for example DL4J's NoOp in gradient checks. */
  public TrialSettings withUpdater(IUpdater other) {
    return new TrialSettings(other, weightRegularization, biasRegularization, dropout, seed);
  }

  /** The same settings with another dropout rate. */
  public TrialSettings withDropout(double rate) {
    return new TrialSettings(updater, weightRegularization, biasRegularization, rate, seed);
  }

  /** The same settings with other regularisation of weights and biases. */
  public TrialSettings withRegularization(List<Regularization> weights, List<Regularization> bias) {
    return new TrialSettings(updater, weights, bias, dropout, seed);
  }

  public IUpdater getUpdater() {
    return updater;
  }

  public void setUpdater(IUpdater updater) {
    this.updater = updater;
  }

  public List<Regularization> getWeightRegularization() {
    return weightRegularization;
  }

  public void setWeightRegularization(List<Regularization> weightRegularization) {
    this.weightRegularization = weightRegularization;
  }

  public List<Regularization> getBiasRegularization() {
    return biasRegularization;
  }

  public void setBiasRegularization(List<Regularization> biasRegularization) {
    this.biasRegularization = biasRegularization;
  }

  public double getDropout() {
    return dropout;
  }

  public void setDropout(double dropout) {
    this.dropout = dropout;
  }

  public long getSeed() {
    return seed;
  }

  public void setSeed(long seed) {
    this.seed = seed;
  }

  /** A deep copy: DL4J's updater and regularisation configs are mutable. */
  public TrialSettings copy() {
    List<Regularization> w = new ArrayList<>();
    weightRegularization.forEach(r -> w.add(r.clone()));
    List<Regularization> b = new ArrayList<>();
    biasRegularization.forEach(r -> b.add(r.clone()));
    return new TrialSettings(updater.clone(), w, b, dropout, seed);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrialSettings t
        && t.updater.equals(updater)
        && t.weightRegularization.equals(weightRegularization)
        && t.biasRegularization.equals(biasRegularization)
        && t.dropout == dropout
        && t.seed == seed;
  }

  @Override
  public int hashCode() {
    return Objects.hash(updater, weightRegularization, biasRegularization, dropout, seed);
  }

  @Override
  public String toString() {
    return "TrialSettings{" + updater + ", dropout " + dropout + ", seed " + seed + "}";
  }
}
