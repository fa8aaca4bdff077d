package dev.sweep.api.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * A sweep as the REST API shows it.
 *
 * @param counts trials per status; every status (QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED,
 *     PRUNED) is always present
 * @param trials number of trials
 * @param jobs number of jobs
 * @param definition the normalised definition (snake_case, defaults filled)
 * @param cancelRequestedAt when the user cancelled; running jobs stop at their next batch
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SweepView(
    long id,
    String name,
    String status,
    String method,
    Metric metric,
    Map<String, Long> counts,
    int trials,
    int jobs,
    long epochsNaive,
    long epochsPlanned,
    Progress progress,
    String definitionHash,
    Map<String, Object> definition,
    Instant createdAt,
    Instant updatedAt,
    Instant startedAt,
    Instant finishedAt,
    Instant cancelRequestedAt) {

  public record Metric(String name, String goal) {}

  /**
   * @param epochsDone epochs trained so far, summed over jobs
   * @param fraction epochsDone / epochsPlanned, 0 to 1
   */
  public record Progress(long epochsDone, long epochsPlanned, double fraction) {}
}
