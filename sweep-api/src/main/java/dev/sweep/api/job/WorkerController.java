package dev.sweep.api.job;

import dev.sweep.contract.ClaimRequest;
import dev.sweep.contract.EpochReport;
import dev.sweep.contract.HeartbeatRequest;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.JobOutcome;
import dev.sweep.contract.LeaseStatus;
import dev.sweep.contract.WorkerPaths;
import dev.sweep.contract.WorkerRegistered;
import dev.sweep.contract.WorkerRegistration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The worker protocol (see {@link WorkerPaths}). Workers hold no database credentials: this is
 * their only way in. Writes about a job carry its lease token; a stale one is answered 409 and
 * changes nothing. Complete, fail and release answer 204.
 */
@RestController
class WorkerController {
  private final WorkerRegistry workers;
  private final ClaimLongPoll claims;
  private final Heartbeats heartbeats;
  private final JobLifecycle lifecycle;
  private final JobMetrics metrics;

  WorkerController(
      WorkerRegistry workers,
      ClaimLongPoll claims,
      Heartbeats heartbeats,
      JobLifecycle lifecycle,
      JobMetrics metrics) {
    this.workers = workers;
    this.claims = claims;
    this.heartbeats = heartbeats;
    this.lifecycle = lifecycle;
    this.metrics = metrics;
  }

  @PostMapping(WorkerPaths.REGISTER)
  WorkerRegistered register(@RequestBody WorkerRegistration registration) {
    return workers.register(registration);
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

  @PostMapping(WorkerPaths.HEARTBEAT)
  LeaseStatus heartbeat(@PathVariable long jobId, @RequestBody HeartbeatRequest request) {
    return heartbeats.beat(jobId, request);
  }

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
