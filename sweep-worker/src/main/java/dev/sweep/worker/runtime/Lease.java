package dev.sweep.worker.runtime;

import dev.sweep.contract.HeartbeatRequest;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.JobOutcome;
import dev.sweep.contract.LeaseStatus;
import dev.sweep.worker.client.LeaseLostException;
import dev.sweep.worker.client.SweepApiClient;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One claimed job's lease inside a (possibly fused) run: its own heartbeat, cancel and lost flags,
 * last checkpoint, and exactly one ending. Shared between the training thread and its heartbeat
 * task.
 *
 * <p>The heartbeat task reads and writes only the volatile fields. The others are written by one
 * thread at a time: the slot thread, or after an epoch the member's report task ({@link
 * MemberReports}) while the slot waits for it; handing the task over and waiting for its future
 * order those writes, so they need no volatile.
 */
final class Lease {
  private static final Logger log = LoggerFactory.getLogger(Lease.class);

  final JobAssignment job;
  private final SweepApiClient api;
  volatile int currentEpoch;
  volatile boolean cancel;
  volatile boolean lost;
  int checkpointedEpoch;
  long checkpointedAt;
  ScheduledFuture<?> heartbeat;
  JobRunner.Ending ending;

  Lease(JobAssignment job, SweepApiClient api) {
    this.job = job;
    this.api = api;
  }

  long id() {
    return job.jobId();
  }

  /** Whether its training must stop at the next batch. */
  boolean stopNow() {
    return cancel || lost;
  }

  void beat() {
    if (lost) {
      return;
    }
    try {
      LeaseStatus s = api.heartbeat(id(), new HeartbeatRequest(job.leaseToken(), currentEpoch));
      if (s != null && s.cancelRequested()) {
        cancel = true;
      }
    } catch (LeaseLostException e) {
      log.info("job {}: heartbeat says the lease is lost", id());
      lost = true;
    } catch (RuntimeException e) {
      log.warn("job {}: heartbeat failed: {}", id(), e.getMessage());
    }
  }

  /** Ends the lease (complete, fail or release), once; a lost lease ends silently. */
  JobRunner.Ending end(JobRunner.Ending wanted, String error, boolean retryable) {
    if (ending != null) {
      return ending;
    }
    ending = send(wanted, error, retryable);
    if (heartbeat != null) {
      heartbeat.cancel(false);
    }
    return ending;
  }

  /** The API pruned the job in an epoch report's transaction: the lease ended there, silently. */
  JobRunner.Ending pruned() {
    return endedByApi(JobRunner.Ending.PRUNED);
  }

  /**
   * The API completed the job in the transaction of its last epoch's report: the lease ended there,
   * so no complete call follows.
   */
  JobRunner.Ending completed() {
    return endedByApi(JobRunner.Ending.COMPLETED);
  }

  private JobRunner.Ending endedByApi(JobRunner.Ending how) {
    if (ending == null) {
      ending = how;
      if (heartbeat != null) {
        heartbeat.cancel(false);
      }
    }
    return ending;
  }

  private JobRunner.Ending send(JobRunner.Ending wanted, String error, boolean retryable) {
    if (lost || wanted == JobRunner.Ending.LEASE_LOST) {
      return JobRunner.Ending.LEASE_LOST;
    }
    JobOutcome outcome = new JobOutcome(job.leaseToken(), error, retryable);
    try {
      switch (wanted) {
        case COMPLETED -> api.complete(id(), outcome);
        case RELEASED -> api.release(id(), outcome);
        default -> {
          log.warn("job {}: failing ({}retryable): {}", id(), retryable ? "" : "not ", error);
          api.fail(id(), outcome);
        }
      }
      return wanted;
    } catch (LeaseLostException e) {
      return JobRunner.Ending.LEASE_LOST;
    } catch (RuntimeException e) {
      log.warn("job {}: could not {}; the lease will expire: {}", id(), wanted, e.getMessage());
      return wanted;
    }
  }
}
