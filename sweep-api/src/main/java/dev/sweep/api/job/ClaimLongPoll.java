package dev.sweep.api.job;

import dev.sweep.api.config.SweepProperties;
import dev.sweep.contract.JobAssignment;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A claim that may wait for work: it retries when {@link JobQueueSignal} fires (a job was queued
 * through this or, by NOTIFY, another API instance) and at least every {@code sweep.queue.poll},
 * until the caller's wait (capped by {@code sweep.claim-max-wait}) is used up. A waiting claim
 * holds a request thread but no database connection.
 *
 * <p>The wait is measured on the monotonic clock, not the injected {@code Clock}: it is real time a
 * request is held open, and tests that stop the injected clock must not hang here.
 */
@Component
class ClaimLongPoll {
  private final JobClaimer claimer;
  private final JobQueueSignal signal;
  private final SweepProperties props;
  private final JobMetrics metrics;
  private volatile boolean closing;

  ClaimLongPoll(
      JobClaimer claimer, JobQueueSignal signal, SweepProperties props, JobMetrics metrics) {
    this.claimer = claimer;
    this.signal = signal;
    this.props = props;
    this.metrics = metrics;
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
      List<JobAssignment> assignment =
          metrics.claimTime().record(() -> claimer.claimGroup(workerId, limit));
      long left = deadline - System.nanoTime();
      if (!assignment.isEmpty() || left <= 0 || closing) {
        return assignment;
      }
      signal.await(seen, Math.min(left, props.queue().poll().toNanos()));
    }
  }

  /**
   * Ends the waiting claims empty when the API shuts down. The context-closed event comes before
   * the web server's graceful shutdown, which would otherwise wait each poll out (up to {@code
   * sweep.claim-max-wait}) before it stops.
   */
  @EventListener(ContextClosedEvent.class)
  void shuttingDown() {
    closing = true;
    signal.wake();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
