package dev.sweep.api.job;

import dev.sweep.api.web.ApiException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The owner of a sweep row's status, derived from its jobs. Call it in the transaction that changed
 * a job's state.
 *
 * <ul>
 *   <li>some job open (QUEUED or RUNNING): RUNNING once any job ran, else QUEUED;
 *   <li>none open: CANCELLED if the user cancelled, FAILED if any job failed, else SUCCEEDED (every
 *       job SUCCEEDED or PRUNED).
 * </ul>
 *
 * <p>Each change is checked against {@link SweepStatus}'s table; a forbidden one is a bug and rolls
 * the caller's transaction back.
 *
 * <p>Lock order: a transaction locks its job rows first and the sweep row last (here). Code that
 * changes many jobs of a sweep (cancel) does the same, or it could deadlock with a worker call.
 */
@Component
public class SweepStatusRollup {
  private final JdbcTemplate jdbc;
  private final JobEvents events;
  private final Clock clock;

  SweepStatusRollup(JdbcTemplate jdbc, JobEvents events, Clock clock) {
    this.jdbc = jdbc;
    this.events = events;
    this.clock = clock;
  }

  /** Announces a sweep just inserted as QUEUED. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void created(long sweepId) {
    events.sweep(sweepId, SweepStatus.QUEUED);
  }

  /** Recomputes and stores the status; returns it. Emits a "sweep" event when it changed. */
  @Transactional
  public SweepStatus refresh(long sweepId) {
    // Lock before reading the jobs: two transactions that each finish one of the last two jobs
    // would otherwise both still see the other's job open, and the sweep would never finish.
    // NO KEY UPDATE, because event inserts hold KEY SHARE on the sweep row (foreign key), and
    // FOR UPDATE on top of that deadlocks two such transactions.
    Map<String, Object> sweep =
        jdbc.queryForMap(
            "SELECT status, cancel_requested_at FROM sweep WHERE id = ? FOR NO KEY UPDATE",
            sweepId);
    List<Map<String, Object>> rows =
        jdbc.queryForList(
            "SELECT status, started_at IS NOT NULL AS ran, count(*) AS n FROM job"
                + " WHERE sweep_id = ? GROUP BY status, started_at IS NOT NULL",
            sweepId);
    boolean anyOpen = false;
    boolean anyRan = false;
    boolean anyFailed = false;
    for (Map<String, Object> row : rows) {
      JobStatus status = JobStatus.valueOf((String) row.get("status"));
      anyOpen |= status.open();
      anyRan |= (Boolean) row.get("ran") || status == JobStatus.RUNNING;
      anyFailed |= status == JobStatus.FAILED;
    }
    SweepStatus next;
    if (anyOpen) {
      next = anyRan ? SweepStatus.RUNNING : SweepStatus.QUEUED;
    } else if (sweep.get("cancel_requested_at") != null) {
      next = SweepStatus.CANCELLED;
    } else {
      next = anyFailed ? SweepStatus.FAILED : SweepStatus.SUCCEEDED;
    }
    SweepStatus current = SweepStatus.valueOf((String) sweep.get("status"));
    if (next != current) {
      move(sweepId, current, next, anyRan);
    }
    return next;
  }

  /** The sweep's status, or a 404. */
  public SweepStatus status(long sweepId) {
    List<String> status =
        jdbc.queryForList("SELECT status FROM sweep WHERE id = ?", String.class, sweepId);
    if (status.isEmpty()) {
      throw ApiException.notFound("sweep", sweepId);
    }
    return SweepStatus.valueOf(status.get(0));
  }

  /** Records the user's cancel (once): the sweep ends CANCELLED when its last job ends. */
  @Transactional(propagation = Propagation.MANDATORY)
  void requestCancel(long sweepId, Timestamp now) {
    jdbc.update(
        "UPDATE sweep SET cancel_requested_at = ?, updated_at = ?"
            + " WHERE id = ? AND cancel_requested_at IS NULL",
        now,
        now,
        sweepId);
  }

  /** True once the user cancelled the sweep; the row stays locked until the transaction ends. */
  @Transactional(propagation = Propagation.MANDATORY)
  boolean cancelRequested(long sweepId) {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "SELECT cancel_requested_at IS NOT NULL FROM sweep WHERE id = ? FOR NO KEY UPDATE",
            Boolean.class,
            sweepId));
  }

  private void move(long sweepId, SweepStatus from, SweepStatus to, boolean ran) {
    if (!from.canMoveTo(to)) {
      throw new IllegalStateException(
          "sweep " + sweepId + " cannot move from " + from + " to " + to);
    }
    Timestamp now = Timestamp.from(clock.instant());
    jdbc.update(
        // typed parameters: inside CASE the driver's untyped ones would be taken for text
        "UPDATE sweep SET status = ?, updated_at = ?,"
            + " started_at = CASE WHEN CAST(? AS boolean) THEN coalesce(started_at,"
            + " CAST(? AS timestamptz)) ELSE started_at END,"
            + " finished_at = CASE WHEN CAST(? AS boolean) THEN CAST(? AS timestamptz)"
            + " ELSE NULL END WHERE id = ?",
        to.name(),
        now,
        ran,
        now,
        to.finished(),
        now,
        sweepId);
    events.sweep(sweepId, to);
  }
}
