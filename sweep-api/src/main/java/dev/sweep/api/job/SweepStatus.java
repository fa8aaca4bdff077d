package dev.sweep.api.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * A sweep's status, derived from its jobs by {@link SweepStatusRollup}, which checks each change
 * against this table.
 *
 * <pre>
 * QUEUED    -> RUNNING (a job was claimed), SUCCEEDED, FAILED, CANCELLED (every job ended)
 * RUNNING   -> SUCCEEDED (every job SUCCEEDED or PRUNED), FAILED (every job ended, one FAILED),
 *              CANCELLED (every job ended after a cancel)
 * SUCCEEDED -> RUNNING (a PRUNED job was resumed)
 * FAILED    -> RUNNING (a PRUNED job was resumed)
 * CANCELLED: final
 * </pre>
 */
public enum SweepStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  /** The table: the statuses a sweep in this one may move to. */
  public Set<SweepStatus> next() {
    return switch (this) {
      case QUEUED -> EnumSet.of(RUNNING, SUCCEEDED, FAILED, CANCELLED);
      case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLED);
      case SUCCEEDED, FAILED -> EnumSet.of(RUNNING);
      case CANCELLED -> EnumSet.noneOf(SweepStatus.class);
    };
  }

  public boolean canMoveTo(SweepStatus to) {
    return next().contains(to);
  }

  /** No job of the sweep is open (a PRUNED job may still be resumed). */
  public boolean finished() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
