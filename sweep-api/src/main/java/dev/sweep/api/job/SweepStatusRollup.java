package dev.sweep.api.job;

import dev.sweep.api.events.EventLog;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Derives a sweep's status from its jobs. Call it in the transaction that changed a job's state.
 *
 * <ul>
 *   <li>some job not terminal: RUNNING once any job ran, else QUEUED;
 *   <li>all terminal: CANCELLED if the user cancelled, FAILED if any job failed, else SUCCEEDED.
 * </ul>
 *
 * <p>Lock order: a transaction locks its job rows first and the sweep row last (here). Code that
 * changes many jobs of a sweep (cancel) should do the same, or it can deadlock with a worker call.
 */
@Component
public class SweepStatusRollup {
  private final JdbcTemplate jdbc;
  private final EventLog events;
  private final Clock clock;

  SweepStatusRollup(JdbcTemplate jdbc, EventLog events, Clock clock) {
    this.jdbc = jdbc;
    this.events = events;
    this.clock = clock;
  }

  /** Recomputes and stores the status; returns it. Emits a "sweep" event when it changed. */
  @Transactional
  public String refresh(long sweepId) {
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
      String status = (String) row.get("status");
      anyOpen |= status.equals("QUEUED") || status.equals("RUNNING");
      anyRan |= (Boolean) row.get("ran") || status.equals("RUNNING");
      anyFailed |= status.equals("FAILED");
    }
    String next;
    if (anyOpen) {
      next = anyRan ? "RUNNING" : "QUEUED";
    } else if (sweep.get("cancel_requested_at") != null) {
      next = "CANCELLED";
    } else {
      next = anyFailed ? "FAILED" : "SUCCEEDED";
    }
    if (!next.equals(sweep.get("status"))) {
      Timestamp now = Timestamp.from(clock.instant());
      boolean terminal = !anyOpen;
      jdbc.update(
          // typed parameters: inside CASE the driver's untyped ones would be taken for text
          "UPDATE sweep SET status = ?, updated_at = ?,"
              + " started_at = CASE WHEN CAST(? AS boolean) THEN coalesce(started_at,"
              + " CAST(? AS timestamptz)) ELSE started_at END,"
              + " finished_at = CASE WHEN CAST(? AS boolean) THEN CAST(? AS timestamptz)"
              + " ELSE NULL END WHERE id = ?",
          next,
          now,
          anyRan,
          now,
          terminal,
          now,
          sweepId);
      events.append(sweepId, "sweep", Map.of("sweepId", sweepId, "status", next));
    }
    return next;
  }

  /**
   * The same result as {@link #refresh} for a transaction that leaves one of the sweep's jobs open
   * after it has been claimed at least once (a claim, a re-queue, an epoch report): the sweep is
   * then RUNNING whatever its other jobs do. Nothing is scanned, and the sweep row is only written
   * (and locked) when its status really changes, so claims of one sweep do not queue behind each
   * other on the sweep row.
   */
  @Transactional
  public void refreshRunning(long sweepId) {
    Timestamp now = Timestamp.from(clock.instant());
    int changed =
        jdbc.update(
            "UPDATE sweep SET status = 'RUNNING', updated_at = ?,"
                + " started_at = coalesce(started_at, ?), finished_at = NULL"
                + " WHERE id = ? AND status <> 'RUNNING'",
            now,
            now,
            sweepId);
    if (changed > 0) {
      events.append(sweepId, "sweep", Map.of("sweepId", sweepId, "status", "RUNNING"));
    }
  }
}
