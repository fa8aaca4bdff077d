package dev.sweep.api.job;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The state changes that end a lease: back to the queue, or to a terminal status. The job's
 * unfinished trials (QUEUED or RUNNING) follow it; trials that already have their results keep
 * them. Each change emits its events and rolls the sweep status up in the caller's transaction.
 */
@Component
class JobTransitions {
  private static final String UNFINISHED = "status IN ('QUEUED', 'RUNNING')";

  private final JdbcTemplate jdbc;
  private final JobEvents events;
  private final SweepStatusRollup rollup;
  private final JobQueueSignal signal;
  private final Clock clock;

  JobTransitions(
      JdbcTemplate jdbc,
      JobEvents events,
      SweepStatusRollup rollup,
      JobQueueSignal signal,
      Clock clock) {
    this.jdbc = jdbc;
    this.events = events;
    this.rollup = rollup;
    this.signal = signal;
    this.clock = clock;
  }

  /**
   * Re-queues a leased job under {@code attempt}, clearing the lease.
   *
   * @param error the reason, kept on the job; null keeps the previous one
   */
  @Transactional(propagation = Propagation.MANDATORY)
  void requeue(LeasedJob job, int attempt, String error) {
    Timestamp now = now();
    String kept =
        jdbc.queryForObject(
            "UPDATE job SET status = 'QUEUED', attempt = ?, error = coalesce(?, error),"
                + " lease_token = NULL, lease_expires_at = NULL, worker_id = NULL, updated_at = ?"
                + " WHERE id = ? RETURNING error",
            String.class,
            attempt,
            error,
            now,
            job.id());
    events.job(job.sweepId(), event(job, "QUEUED", attempt, null, kept));
    moveTrials(job, "QUEUED", null);
    rollup.refreshRunning(job.sweepId());
    signal.jobsQueued();
  }

  /**
   * Ends a job for good.
   *
   * @param status SUCCEEDED, FAILED or CANCELLED
   * @param trialStatus what its unfinished trials become
   * @param error stored on the job (null clears it)
   */
  @Transactional(propagation = Propagation.MANDATORY)
  void finish(LeasedJob job, String status, String trialStatus, String error) {
    Timestamp now = now();
    jdbc.update(
        "UPDATE job SET status = ?, error = ?, lease_token = NULL, lease_expires_at = NULL,"
            + " finished_at = ?, updated_at = ? WHERE id = ?",
        status,
        error,
        now,
        now,
        job.id());
    events.job(job.sweepId(), event(job, status, job.attempt(), job.workerId(), error));
    moveTrials(job, trialStatus, now);
    rollup.refresh(job.sweepId());
  }

  /** The unfinished trials of a job, as (id, epochs), fewest epochs first. */
  List<long[]> unfinishedTrials(long jobId) {
    return jdbc.query(
        "SELECT id, epochs FROM trial WHERE job_id = ? AND " + UNFINISHED + " ORDER BY epochs, id",
        (rs, i) -> new long[] {rs.getLong(1), rs.getInt(2)},
        jobId);
  }

  private void moveTrials(LeasedJob job, String status, Timestamp finishedAt) {
    List<long[]> moved =
        jdbc.query(
            "UPDATE trial SET status = ?, finished_at = ? WHERE job_id = ? AND "
                + UNFINISHED
                + " RETURNING id, epochs",
            (rs, i) -> new long[] {rs.getLong(1), rs.getInt(2)},
            status,
            finishedAt,
            job.id());
    events.trials(
        job.sweepId(),
        moved.stream()
            .map(t -> JobEvents.TrialEvent.status(t[0], job.id(), status, (int) t[1]))
            .toList());
  }

  private static JobEvents.JobEvent event(
      LeasedJob job, String status, int attempt, String workerId, String error) {
    return new JobEvents.JobEvent(
        job.id(), status, attempt, workerId, job.currentEpoch(), job.plannedEpochs(), error);
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }
}
