package dev.sweep.api.sweep;

import dev.sweep.api.events.EventLog;
import dev.sweep.api.job.SweepStatusRollup;
import dev.sweep.api.web.ApiException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cancels a sweep: queued jobs (and their unfinished trials) become CANCELLED at once; running jobs
 * are flagged, and heartbeats tell their workers to stop and release. Repeating it changes nothing.
 *
 * <p>Job rows are locked before the sweep row, the same order as claims and reports (job, then the
 * status rollup's sweep lock), so a cancel racing a claim cannot deadlock.
 */
@Component
class SweepCanceller {
  private final JdbcTemplate jdbc;
  private final EventLog events;
  private final SweepStatusRollup rollup;
  private final Clock clock;

  SweepCanceller(JdbcTemplate jdbc, EventLog events, SweepStatusRollup rollup, Clock clock) {
    this.jdbc = jdbc;
    this.events = events;
    this.rollup = rollup;
    this.clock = clock;
  }

  @Transactional
  void cancel(long sweepId) {
    List<String> status =
        jdbc.queryForList("SELECT status FROM sweep WHERE id = ?", String.class, sweepId);
    if (status.isEmpty()) {
      throw ApiException.notFound("sweep", sweepId);
    }
    if (Statuses.TERMINAL.contains(status.get(0))) {
      return;
    }
    Timestamp now = Timestamp.from(clock.instant());
    // One statement for both, so a job the reaper re-queues meanwhile is still caught: the UPDATE
    // re-reads a row it waited for. cancel_requested stays set on the running ones.
    List<Long> cancelled = new ArrayList<>();
    List<Long> stopping = new ArrayList<>();
    jdbc.query(
        "UPDATE job SET cancel_requested = TRUE, updated_at = ?,"
            + " status = CASE WHEN status = 'QUEUED' THEN 'CANCELLED' ELSE status END,"
            + " finished_at = CASE WHEN status = 'QUEUED' THEN ? ELSE finished_at END"
            + " WHERE sweep_id = ? AND (status = 'QUEUED' OR (status = 'RUNNING' AND NOT"
            + " cancel_requested)) RETURNING id, status",
        rs -> {
          (rs.getString("status").equals("CANCELLED") ? cancelled : stopping).add(rs.getLong("id"));
        },
        now,
        now,
        sweepId);
    if (!cancelled.isEmpty()) {
      jdbc.update(
          "UPDATE trial SET status = 'CANCELLED', finished_at = ?"
              + " WHERE job_id = ANY (?) AND status IN ('QUEUED', 'RUNNING')",
          ps -> {
            ps.setTimestamp(1, now);
            ps.setArray(2, ps.getConnection().createArrayOf("int8", cancelled.toArray()));
          });
    }
    jdbc.update(
        "UPDATE sweep SET cancel_requested_at = ?, updated_at = ?"
            + " WHERE id = ? AND cancel_requested_at IS NULL",
        now,
        now,
        sweepId);
    for (Long jobId : cancelled) {
      events.append(
          sweepId, "job", Map.of("jobId", jobId, "sweepId", sweepId, "status", "CANCELLED"));
    }
    for (Long jobId : stopping) {
      events.append(
          sweepId,
          "job",
          Map.of("jobId", jobId, "sweepId", sweepId, "status", "RUNNING", "cancelRequested", true));
    }
    rollup.refresh(sweepId);
  }
}
