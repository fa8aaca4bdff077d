package dev.sweep.api.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** The best finished trial by one metric. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BestView(
    long trialId,
    Map<String, Object> params,
    int epochs,
    Metric metric,
    Double trainLoss,
    Double trainAccuracy,
    Double valLoss,
    Double valAccuracy,
    Double testLoss,
    Double testAccuracy) {

  public record Metric(String name, String goal, double value) {}
}
