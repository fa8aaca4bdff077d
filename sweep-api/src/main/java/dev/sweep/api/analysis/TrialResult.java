package dev.sweep.api.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.api.job.TrialStatus;

/** One trial with its final metrics; metrics are null until its job passed its epoch count. */
public record TrialResult(
    long id,
    long jobId,
    JsonNode params,
    int epochs,
    String status,
    Double trainLoss,
    Double trainAccuracy,
    Double valLoss,
    Double valAccuracy,
    Double testLoss,
    Double testAccuracy) {

  public Double metric(Metric metric) {
    return switch (metric) {
      case VAL_ACCURACY -> valAccuracy;
      case VAL_LOSS -> valLoss;
      case TRAIN_ACCURACY -> trainAccuracy;
      case TRAIN_LOSS -> trainLoss;
    };
  }

  /** Finished: succeeded with the metric known. */
  public boolean finished(Metric metric) {
    return status.equals(TrialStatus.SUCCEEDED.name()) && metric(metric) != null;
  }
}
