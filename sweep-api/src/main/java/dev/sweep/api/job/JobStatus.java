package dev.sweep.api.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a job is, and where it may go next. {@link JobLifecycle} checks every change against this
 * table; nothing else writes a job's status.
 *
 * <pre>
 * QUEUED    -> RUNNING (claim), CANCELLED (cancel), SUCCEEDED (served by the result cache)
 * RUNNING   -> QUEUED (release, retryable failure, expired lease), SUCCEEDED (complete, or the
 *              last epoch's report marked complete),
 *              FAILED (failure, last attempt), CANCELLED (stopped after a cancel request),
 *              PRUNED (early termination at a rung)
 * PRUNED    -> QUEUED (resume)
 * SUCCEEDED, FAILED, CANCELLED: final
 * </pre>
 */
public enum JobStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  PRUNED;

  /** The table: the statuses a job in this one may move to. */
  public Set<JobStatus> next() {
    return switch (this) {
      case QUEUED -> EnumSet.of(RUNNING, CANCELLED, SUCCEEDED);
      case RUNNING -> EnumSet.of(QUEUED, SUCCEEDED, FAILED, CANCELLED, PRUNED);
      case PRUNED -> EnumSet.of(QUEUED);
      case SUCCEEDED, FAILED, CANCELLED -> EnumSet.noneOf(JobStatus.class);
    };
  }

  public boolean canMoveTo(JobStatus to) {
    return next().contains(to);
  }

  /** Waiting for or holding a worker slot: the sweep is not finished while a job is open. */
  public boolean open() {
    return this == QUEUED || this == RUNNING;
  }

  /**
   * What a job's unfinished trials show once the job has moved here. A job that completed without
   * reporting a trial's epoch leaves that trial without results, so it FAILED.
   */
  public TrialStatus unfinishedTrials() {
    return switch (this) {
      case QUEUED -> TrialStatus.QUEUED;
      case RUNNING -> TrialStatus.RUNNING;
      case SUCCEEDED, FAILED -> TrialStatus.FAILED;
      case CANCELLED -> TrialStatus.CANCELLED;
      case PRUNED -> TrialStatus.PRUNED;
    };
  }

  /** This status as a SQL literal, for statements that must name it (partial-index predicates). */
  public String sql() {
    return "'" + name() + "'";
  }
}
