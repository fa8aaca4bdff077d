package dev.sweep.api.job;

import dev.sweep.contract.JobOutcome;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** How a worker ends its lease: complete, fail or release. All three are fenced by the lease. */
@Component
class JobOutcomes {
  private final LeaseFence fence;
  private final JobTransitions transitions;

  JobOutcomes(LeaseFence fence, JobTransitions transitions) {
    this.fence = fence;
    this.transitions = transitions;
  }

  /**
   * The job trained all its epochs. A trial still unfinished here never got its epoch reported; it
   * fails, and the job keeps the reason, but the job itself succeeded.
   */
  @Transactional
  void complete(long jobId, JobOutcome outcome) {
    LeasedJob job = fence.lock(jobId, outcome.leaseToken());
    List<long[]> missing = transitions.unfinishedTrials(jobId);
    String error = null;
    if (!missing.isEmpty()) {
      error =
          "completed, but no metrics were reported for epochs "
              + missing.stream()
                  .map(t -> String.valueOf(t[1]))
                  .distinct()
                  .collect(Collectors.joining(", "))
              + " (trials "
              + missing.stream().map(t -> String.valueOf(t[0])).collect(Collectors.joining(", "))
              + ")";
    }
    transitions.finish(job, "SUCCEEDED", "FAILED", error);
  }

  /**
   * The run failed. A retryable failure goes back to the queue with attempt + 1 until the job's
   * attempts are used up; a non-retryable one (a configuration that cannot train) fails at once. A
   * job the user asked to cancel is cancelled rather than retried.
   */
  @Transactional
  void fail(long jobId, JobOutcome outcome) {
    LeasedJob job = fence.lock(jobId, outcome.leaseToken());
    String error =
        outcome.error() == null || outcome.error().isBlank()
            ? "the worker reported a failure without a reason"
            : outcome.error();
    if (job.cancelRequested()) {
      transitions.finish(job, "CANCELLED", "CANCELLED", error);
    } else if (outcome.retryable() && job.attempt() < job.maxAttempts()) {
      transitions.requeue(job, job.attempt() + 1, error);
    } else {
      transitions.finish(job, "FAILED", "FAILED", error);
    }
  }

  /**
   * The worker stops without a verdict: it is shutting down, or the user cancelled. A shutdown puts
   * the job back under the same attempt, since the run did nothing wrong.
   */
  @Transactional
  void release(long jobId, JobOutcome outcome) {
    LeasedJob job = fence.lock(jobId, outcome.leaseToken());
    if (job.cancelRequested()) {
      transitions.finish(job, "CANCELLED", "CANCELLED", "cancelled by the user");
    } else {
      transitions.requeue(job, job.attempt(), outcome.error());
    }
  }
}
