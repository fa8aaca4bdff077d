package dev.sweep.api.job;

import dev.sweep.api.config.SweepProperties;
import dev.sweep.contract.JobAssignment;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A claim that may wait for work: it retries when {@link JobQueueSignal} fires and at least every
 * {@link #POLL}, until the caller's wait (capped by {@code sweep.claim-max-wait}) is used up.
 *
 * <p>The wait is measured on the monotonic clock, not the injected {@code Clock}: it is real time a
 * request is held open, and tests that stop the injected clock must not hang here.
 */
@Component
class ClaimLongPoll {
  static final Duration POLL = Duration.ofMillis(250);

  private final JobClaimer claimer;
  private final JobQueueSignal signal;
  private final SweepProperties props;

  ClaimLongPoll(JobClaimer claimer, JobQueueSignal signal, SweepProperties props) {
    this.claimer = claimer;
    this.signal = signal;
    this.props = props;
  }

  Optional<JobAssignment> claim(String workerId, long waitMillis) throws InterruptedException {
    return claimGroup(workerId, waitMillis, 1).stream().findFirst();
  }

  /** The next job and up to {@code limit - 1} more of its fusion group; empty after the wait. */
  List<JobAssignment> claimGroup(String workerId, long waitMillis, int limit)
      throws InterruptedException {
    long waitNanos =
        min(Duration.ofMillis(Math.max(0, waitMillis)), props.claimMaxWait()).toNanos();
    long deadline = System.nanoTime() + waitNanos;
    while (true) {
      long seen = signal.generation();
      List<JobAssignment> assignment = claimer.claimGroup(workerId, limit);
      long left = deadline - System.nanoTime();
      if (!assignment.isEmpty() || left <= 0) {
        return assignment;
      }
      signal.await(seen, Math.min(left, POLL.toNanos()));
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
