package dev.sweep.api.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a trial is, as users see it, and where it may go next.
 *
 * <pre>
 * QUEUED    -> RUNNING (its job is claimed), CANCELLED (its queued job is cancelled),
 *              SUCCEEDED (its job is served by the result cache)
 * RUNNING   -> QUEUED (its job goes back to the queue), SUCCEEDED (its epoch is reported),
 *              FAILED, CANCELLED, PRUNED (its job ends that way before the trial's epoch)
 * PRUNED    -> QUEUED (its job is resumed)
 * SUCCEEDED, FAILED, CANCELLED: final
 * </pre>
 *
 * <p>RUNNING is never stored: a trial row keeps QUEUED until it ends, and shows RUNNING while its
 * job runs. A claim therefore writes one job row, not one row (and one event) per trial. Every read
 * that shows, filters or counts trial statuses goes through {@link #shownSql}, {@link #whereSql} or
 * {@link #shown}.
 */
public enum TrialStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  PRUNED;

  /** The table: the statuses a trial in this one may move to. */
  public Set<TrialStatus> next() {
    return switch (this) {
      case QUEUED -> EnumSet.of(RUNNING, CANCELLED, SUCCEEDED);
      case RUNNING -> EnumSet.of(QUEUED, SUCCEEDED, FAILED, CANCELLED, PRUNED);
      case PRUNED -> EnumSet.of(QUEUED);
      case SUCCEEDED, FAILED, CANCELLED -> EnumSet.noneOf(TrialStatus.class);
    };
  }

  public boolean canMoveTo(TrialStatus to) {
    return next().contains(to);
  }

  /** False for RUNNING, which is derived from the job and never written to a trial row. */
  public boolean stored() {
    return this != RUNNING;
  }

  /** What a trial whose row says {@code stored} shows while its job is {@code job}. */
  public static TrialStatus shown(TrialStatus stored, JobStatus job) {
    return stored == QUEUED && job == JobStatus.RUNNING ? RUNNING : stored;
  }

  /**
   * The stored statuses of the rows that may move to {@code to} while their job is {@code job}: a
   * move the table forbids matches no row, so it changes nothing.
   */
  static Set<TrialStatus> storedSources(JobStatus job, TrialStatus to) {
    Set<TrialStatus> sources = EnumSet.noneOf(TrialStatus.class);
    for (TrialStatus stored : values()) {
      if (stored.stored() && stored != to && shown(stored, job).canMoveTo(to)) {
        sources.add(stored);
      }
    }
    return sources;
  }

  /** This status as a SQL literal, for statements that must name it (partial-index predicates). */
  public String sql() {
    return "'" + name() + "'";
  }

  /**
   * A SQL expression for the status a trial shows, over the trial row named {@code trial} (an alias
   * or the table name).
   */
  public static String shownSql(String trial) {
    return "CASE WHEN "
        + RUNNING.whereSql(trial)
        + " THEN "
        + RUNNING.sql()
        + " ELSE "
        + trial
        + ".status END";
  }

  /**
   * A SQL condition true for the trials that show this status, over the row named {@code trial}.
   */
  public String whereSql(String trial) {
    String jobRuns =
        "EXISTS (SELECT 1 FROM job trial_job WHERE trial_job.id = "
            + trial
            + ".job_id AND trial_job.status = "
            + JobStatus.RUNNING.sql()
            + ")";
    return switch (this) {
      case RUNNING -> "(" + trial + ".status = " + QUEUED.sql() + " AND " + jobRuns + ")";
      case QUEUED -> "(" + trial + ".status = " + QUEUED.sql() + " AND NOT " + jobRuns + ")";
      default -> trial + ".status = " + sql();
    };
  }
}
