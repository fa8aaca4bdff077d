package dev.sweep.api.job;

import dev.sweep.contract.HeartbeatRequest;
import dev.sweep.contract.LeaseStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Keeps a lease alive and tells the worker whether the user cancelled. */
@Component
class Heartbeats {
  private final LeaseFence fence;

  Heartbeats(LeaseFence fence) {
    this.fence = fence;
  }

  @Transactional
  LeaseStatus beat(long jobId, HeartbeatRequest request) {
    LeasedJob job = fence.lock(jobId, request.leaseToken());
    job.requireEpoch("currentEpoch", request.currentEpoch(), 0);
    return new LeaseStatus(fence.extend(job, request.currentEpoch()), job.cancelRequested());
  }
}
