package dev.sweep.api.job;

import dev.sweep.api.web.ApiException;
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
    if (request.currentEpoch() < 0 || request.currentEpoch() > job.plannedEpochs()) {
      throw ApiException.badRequest(
          "currentEpoch",
          "currentEpoch must be between 0 and "
              + job.plannedEpochs()
              + ", was "
              + request.currentEpoch());
    }
    return new LeaseStatus(fence.extend(job, request.currentEpoch()), job.cancelRequested());
  }
}
