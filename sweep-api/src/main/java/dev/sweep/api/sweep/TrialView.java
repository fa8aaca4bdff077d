package dev.sweep.api.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sweep.api.pruning.PruneDecision;
import java.time.Instant;
import java.util.Map;

/**
 * One trial. Metrics are the job's at the trial's own final epoch, null until it is reached; test
 * metrics are evaluated only there. {@code pruned} says why early termination stopped the trial's
 * job (null unless the trial is PRUNED).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TrialView(
    long id,
    long sweepId,
    long jobId,
    String identity,
    String status,
    Map<String, Object> params,
    int epochs,
    Double trainLoss,
    Double trainAccuracy,
    Double valLoss,
    Double valAccuracy,
    Double testLoss,
    Double testAccuracy,
    Instant finishedAt,
    PruneDecision pruned) {

  /** One page of trials; {@code total} counts all pages. */
  public record Page(java.util.List<TrialView> items, int page, int size, long total) {}
}
