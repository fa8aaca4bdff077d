package dev.sweep.worker.model;

import dev.sweep.contract.LrSchedule;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * A definition's {@code lr_schedule} as an ND4J schedule: the rate depends on the epoch only (see
 * {@link LrSchedule#rate}). The epoch comes from the network's epoch count, which a checkpoint
 * restores, so a resumed trial continues the schedule where it stopped. A bean (no-argument
 * constructor, accessors) because DL4J serialises updater configs with its Jackson.
 */
public final class EpochSchedule implements ISchedule {
  private String type;
  private Integer warmupEpochs;
  private Integer stepSize;
  private Double gamma;
  private Double minLr;
  private double learningRate;
  private int epochs;

  /** For JSON deserialisation. */
  public EpochSchedule() {}

  EpochSchedule(LrSchedule schedule, double learningRate, int epochs) {
    this.type = schedule.type();
    this.warmupEpochs = schedule.warmupEpochs();
    this.stepSize = schedule.stepSize();
    this.gamma = schedule.gamma();
    this.minLr = schedule.minLr();
    this.learningRate = learningRate;
    this.epochs = epochs;
  }

  private LrSchedule schedule() {
    return new LrSchedule(type, warmupEpochs, stepSize, gamma, minLr);
  }

  @Override
  public double valueAt(int iteration, int epoch) {
    return schedule().rate(learningRate, epoch, epochs);
  }

  @Override
  public EpochSchedule clone() {
    return new EpochSchedule(schedule(), learningRate, epochs);
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public Integer getWarmupEpochs() {
    return warmupEpochs;
  }

  public void setWarmupEpochs(Integer warmupEpochs) {
    this.warmupEpochs = warmupEpochs;
  }

  public Integer getStepSize() {
    return stepSize;
  }

  public void setStepSize(Integer stepSize) {
    this.stepSize = stepSize;
  }

  public Double getGamma() {
    return gamma;
  }

  public void setGamma(Double gamma) {
    this.gamma = gamma;
  }

  public Double getMinLr() {
    return minLr;
  }

  public void setMinLr(Double minLr) {
    this.minLr = minLr;
  }

  public double getLearningRate() {
    return learningRate;
  }

  public void setLearningRate(double learningRate) {
    this.learningRate = learningRate;
  }

  public int getEpochs() {
    return epochs;
  }

  public void setEpochs(int epochs) {
    this.epochs = epochs;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EpochSchedule e
        && e.schedule().equals(schedule())
        && e.learningRate == learningRate
        && e.epochs == epochs;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(schedule(), learningRate, epochs);
  }
}
