package dev.sweep.api.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A worker's claim: {@link JobLifecycle#claimGroup} leases the next queued job (with the rest of
 * its fusion group when asked), and this turns each into the assignment the worker trains from (its
 * config, its trials, where to resume).
 *
 * <p>No transaction around it: the claim commits on its own, in one statement, and what follows
 * only reads (an unreadable config fails its job in a transaction of its own). A claim whose answer
 * never reaches its worker is taken back by the reaper without costing an attempt.
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
   * Leases the next queued job to {@code workerId}, or returns empty when none is queued. Either
   * way the worker is recorded as seen (and added if it never registered).
   */
  public Optional<JobAssignment> claim(String workerId) {
    return claimGroup(workerId, 1).stream().findFirst();
  }

  /**
   * Leases the next queued job and up to {@code limit - 1} more of its fusion group; empty when
   * nothing is queued. A job whose stored config no worker can read is failed and left out.
   */
  public List<JobAssignment> claimGroup(String workerId, int limit) {
    workers.seen(workerId);
    while (true) {
      List<JobLifecycle.Claim> claimed = lifecycle.claimGroup(workerId, limit);
      if (!claimed.isEmpty() && workers.left(workerId)) {
        // the worker left while this claim's statement ran: the leave may have looked for its
        // leases before they were committed, so they are put back here (whichever comes second
        // finds them QUEUED already and leaves them)
        lifecycle.leave(workerId);
        claimed = List.of();
      }
      if (claimed.isEmpty()) {
        metrics.emptyClaim();
        return List.of();
      }
      List<JobAssignment> out = new ArrayList<>(claimed.size());
      for (JobLifecycle.Claim c : claimed) {
        assignment(c).ifPresent(out::add);
      }
      if (!out.isEmpty()) {
        return out;
      }
    }
  }

  /**
   * The worker stopped: from now on its claims, the long polls it abandoned included, lease
   * nothing, and the jobs already leased to it that it never heard of are queued again. The mark
   * commits first: a claim that commits after the requeue below looked finds it in {@link
   * #claimGroup}'s second look and puts its jobs back itself.
   *
   * @return how many jobs were put back
   */
  public int leave(String workerId) {
    workers.leave(workerId);
    int requeued = lifecycle.leave(workerId);
    log.info("worker {} left; {} job(s) it never heard of queued again", workerId, requeued);
    return requeued;
  }

  private Optional<JobAssignment> assignment(JobLifecycle.Claim claim) {
    LeasedJob job = claim.job();
    TrainingConfig config;
    try {
      config = json.readValue(claim.config(), TrainingConfig.class);
    } catch (JsonProcessingException e) {
      // A job no worker can read would be claimed and dropped forever; fail it and go on.
      log.error("job {} has an unreadable config; failing it", job.id(), e);
      lifecycle.fail(
          job.id(),
          job.leaseToken(),
          "stored config is not a TrainingConfig: " + e.getMessage(),
          false);
      return Optional.empty();
    }
    metrics.claimed();
    return Optional.of(
        new JobAssignment(
            job.id(),
            job.sweepId(),
            job.leaseToken(),
            claim.leaseExpiresAt(),
            job.attempt(),
            config,
            job.plannedEpochs(),
            claim.trials(),
            resumeFrom(job)));
  }

  private int resumeFrom(LeasedJob job) {
    // a usable checkpoint needs a reported epoch, and reports raise current_epoch: a job that
    // never reported one (every first claim) has nothing to look up
    return job.currentEpoch() == 0
        ? 0
        : checkpoints.latest(job.id()).map(CheckpointCatalog.Entry::epoch).orElse(0);
  }
}
