package dev.sweep.api.job;

import dev.sweep.api.web.ApiException;
import dev.sweep.contract.ClaimRequest;
import dev.sweep.contract.EpochReport;
import dev.sweep.contract.GroupAssignment;
import dev.sweep.contract.HeartbeatRequest;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.JobOutcome;
import dev.sweep.contract.LeaseStatus;
import dev.sweep.contract.WorkerLeave;
import dev.sweep.contract.WorkerPaths;
import dev.sweep.contract.WorkerRegistered;
import dev.sweep.contract.WorkerRegistration;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The worker protocol (see {@link WorkerPaths}). Workers hold no database credentials: this is
 * their only way in. Writes about a job carry its lease token; a stale one is answered 409 and
 * changes nothing. Complete, fail and release answer 204. The report of a job's last epoch may
 * complete it too ({@link EpochReport#complete()}), which saves the worker the complete call.
 */
@RestController
class WorkerController {
  /** A claim leases at most this many jobs at once, whatever the worker asks. */
  static final int MAX_GROUP = 256;

  private final WorkerRegistry workers;
  private final ClaimLongPoll claims;
  private final JobClaimer claimer;
  private final Heartbeats heartbeats;
  private final JobLifecycle lifecycle;
  private final JobMetrics metrics;

  WorkerController(
      WorkerRegistry workers,
      ClaimLongPoll claims,
      JobClaimer claimer,
      Heartbeats heartbeats,
      JobLifecycle lifecycle,
      JobMetrics metrics) {
    this.workers = workers;
    this.claims = claims;
    this.claimer = claimer;
    this.heartbeats = heartbeats;
    this.lifecycle = lifecycle;
    this.metrics = metrics;
  }

  @PostMapping(WorkerPaths.REGISTER)
  WorkerRegistered register(@RequestBody WorkerRegistration registration) {
    return workers.register(registration);
  }

  @Operation(
      summary =
          "The worker stopped: its claims, waiting or later, lease nothing until it registers"
              + " again, and the jobs leased to it that it never confirmed (no heartbeat or epoch"
              + " report) are queued again under the same attempt; 204")
  @PostMapping(WorkerPaths.LEAVE)
  ResponseEntity<Void> leave(@RequestBody WorkerLeave leave) {
    claimer.leave(WorkerRegistry.validId(leave.workerId()));
    return ResponseEntity.noContent().build();
  }

  /** 200 with a job, or 204 when none was queued within the (capped) wait. */
  @PostMapping(WorkerPaths.CLAIM)
  ResponseEntity<JobAssignment> claim(@RequestBody ClaimRequest request)
      throws InterruptedException {
    String workerId = WorkerRegistry.validId(request.workerId());
    return claims
        .claim(workerId, request.waitMillis())
        .map(ResponseEntity::ok)
        .orElseGet(() -> ResponseEntity.noContent().build());
  }

  /**
   * 200 with the next job and up to {@code maxJobs - 1} more of its fusion group, or 204 when none
   * was queued within the wait.
   */
  @PostMapping(WorkerPaths.CLAIM_GROUP)
  ResponseEntity<GroupAssignment> claimGroup(@RequestBody ClaimRequest request)
      throws InterruptedException {
    String workerId = WorkerRegistry.validId(request.workerId());
    if (request.maxJobs() < 0 || request.maxJobs() > MAX_GROUP) {
      throw ApiException.badRequest(
          "maxJobs", "maxJobs must be between 0 and " + MAX_GROUP + ", was " + request.maxJobs());
    }
    List<JobAssignment> jobs =
        claims.claimGroup(workerId, request.waitMillis(), Math.max(1, request.maxJobs()));
    return jobs.isEmpty()
        ? ResponseEntity.noContent().build()
        : ResponseEntity.ok(new GroupAssignment(jobs));
  }

  @PostMapping(WorkerPaths.HEARTBEAT)
  LeaseStatus heartbeat(@PathVariable long jobId, @RequestBody HeartbeatRequest request) {
    return heartbeats.beat(jobId, request);
  }

  @Operation(
      summary =
          "Reports one epoch's metrics and renews the lease; with complete=true (the job's planned"
              + " last epoch only, else 400 naming complete) it also completes the job, as POST"
              + " complete does, in the same transaction and answers completed=true")
  @PostMapping(WorkerPaths.EPOCHS)
  LeaseStatus reportEpoch(@PathVariable long jobId, @RequestBody EpochReport report) {
    return metrics.epochReportTime().record(() -> lifecycle.reportEpoch(jobId, report));
  }

  @PostMapping(WorkerPaths.COMPLETE)
  ResponseEntity<Void> complete(@PathVariable long jobId, @RequestBody JobOutcome outcome) {
    lifecycle.complete(jobId, outcome.leaseToken());
    return ResponseEntity.noContent().build();
  }

  @PostMapping(WorkerPaths.FAIL)
  ResponseEntity<Void> fail(@PathVariable long jobId, @RequestBody JobOutcome outcome) {
    lifecycle.fail(jobId, outcome.leaseToken(), outcome.error(), outcome.retryable());
    return ResponseEntity.noContent().build();
  }

  @PostMapping(WorkerPaths.RELEASE)
  ResponseEntity<Void> release(@PathVariable long jobId, @RequestBody JobOutcome outcome) {
    lifecycle.release(jobId, outcome.leaseToken(), outcome.error());
    return ResponseEntity.noContent().build();
  }
}
