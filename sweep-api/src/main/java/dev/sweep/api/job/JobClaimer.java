package dev.sweep.api.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.TrainingConfig;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A worker's claim: {@link JobLifecycle#claim} leases the oldest queued job, and this turns it into
 * the assignment the worker trains from (its config, its trials, where to resume).
 */
@Component
public class JobClaimer {
  private static final Logger log = LoggerFactory.getLogger(JobClaimer.class);

  private final JobLifecycle lifecycle;
  private final ObjectMapper json;
  private final JobMetrics metrics;
  private final CheckpointCatalog checkpoints;
  private final WorkerRegistry workers;

  JobClaimer(
      JobLifecycle lifecycle,
      ObjectMapper json,
      JobMetrics metrics,
      CheckpointCatalog checkpoints,
      WorkerRegistry workers) {
    this.lifecycle = lifecycle;
    this.json = json;
    this.metrics = metrics;
    this.checkpoints = checkpoints;
    this.workers = workers;
  }

  /**
   * Leases the oldest queued job to {@code workerId}, or returns empty when none is queued. Either
   * way the worker is recorded as seen (and added if it never registered).
   */
  @Transactional
  public Optional<JobAssignment> claim(String workerId) {
    workers.seen(workerId);
    while (true) {
      Optional<JobLifecycle.Claim> claimed = lifecycle.claim(workerId);
      if (claimed.isEmpty()) {
        metrics.emptyClaim();
        return Optional.empty();
      }
      LeasedJob job = claimed.get().job();
      TrainingConfig config;
      try {
        config = json.readValue(claimed.get().config(), TrainingConfig.class);
      } catch (JsonProcessingException e) {
        // A job no worker can read would be claimed and dropped forever; fail it and go on.
        log.error("job {} has an unreadable config; failing it", job.id(), e);
        lifecycle.fail(
            job.id(),
            job.leaseToken(),
            "stored config is not a TrainingConfig: " + e.getMessage(),
            false);
        continue;
      }
      metrics.claimed();
      return Optional.of(
          new JobAssignment(
              job.id(),
              job.sweepId(),
              job.leaseToken(),
              claimed.get().leaseExpiresAt(),
              job.attempt(),
              config,
              job.plannedEpochs(),
              claimed.get().trials(),
              resumeFrom(job)));
    }
  }

  private int resumeFrom(LeasedJob job) {
    // a usable checkpoint needs a reported epoch, and reports raise current_epoch: a job that
    // never reported one (every first claim) has nothing to look up
    return job.currentEpoch() == 0
        ? 0
        : checkpoints.latest(job.id()).map(CheckpointCatalog.Entry::epoch).orElse(0);
  }
}
