package dev.sweep.cli;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the CLI reads from the public REST API. Only the fields it shows; anything else the API adds
 * is ignored, so the CLI keeps working as the API grows.
 */
final class ApiViews {
  private ApiViews() {}

  static final List<String> TERMINAL = List.of("SUCCEEDED", "FAILED", "CANCELLED");

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Metric(String name, String goal, Double value) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Progress(long epochsDone, long epochsPlanned, double fraction) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Sweep(
      long id,
      String name,
      String status,
      String method,
      Metric metric,
      Map<String, Integer> counts,
      int trials,
      int jobs,
      long epochsNaive,
      long epochsPlanned,
      Progress progress,
      String definitionHash,
      Instant createdAt,
      Instant startedAt,
      Instant finishedAt) {

    boolean terminal() {
      return TERMINAL.contains(status);
    }

    int count(String status) {
      return counts == null ? 0 : counts.getOrDefault(status, 0);
    }

    /** Trials that are not training or waiting to (a PRUNED one changes only if resumed). */
    int trialsDone() {
      return count("SUCCEEDED") + count("FAILED") + count("CANCELLED") + count("PRUNED");
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record DryRun(
      int trials,
      int jobs,
      long epochsNaive,
      long epochsPlanned,
      String definitionHash,
      int fusionGroups,
      List<FusionGroup> groups) {}

  /** A fusion group of the plan: jobs one worker slot trains as one computation. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record FusionGroup(int jobs, int trials, int plannedEpochs) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record JobTrial(long trialId, int epochs) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Job(
      long id,
      String status,
      int attempt,
      String workerId,
      int currentEpoch,
      int plannedEpochs,
      List<JobTrial> trials) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Best(
      long trialId,
      JsonNode params,
      int epochs,
      Metric metric,
      Double trainLoss,
      Double trainAccuracy,
      Double valLoss,
      Double valAccuracy,
      Double testLoss,
      Double testAccuracy) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record LeaderboardEntry(
      int rank,
      long trialId,
      JsonNode params,
      JsonNode folded,
      int epochs,
      Double value,
      Double trainLoss,
      Double trainAccuracy,
      Double valLoss,
      Double valAccuracy,
      Double testLoss,
      Double testAccuracy) {}

  /**
   * {@code GET /api/workers}.
   *
   * @param refused worker calls the API refused for a bad token
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Workers(List<Worker> workers, Refused refused) {
    boolean anyAlive() {
      return workers != null && workers.stream().anyMatch(Worker::alive);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Worker(String id, boolean alive, Instant lastSeenAt, int runningJobs) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Refused(long count, Instant lastAt, Integer lastStatus, String lastReason) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Token(
      long id,
      String role,
      String name,
      String hint,
      String source,
      Instant createdAt,
      Instant lastUsedAt,
      Instant revokedAt) {}

  /** The one answer that carries a token's secret. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record CreatedToken(long id, String role, String name, String token) {}
}
