package dev.sweep.api.sweep;

import dev.sweep.api.job.JobStatus;
import dev.sweep.api.web.ApiException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Jobs as users see them, each with the trials it serves (two queries, no N+1). */
@Component
class JobQueries {
  private static final String SELECT =
      "SELECT id, sweep_id, status, attempt, max_attempts, worker_id, current_epoch,"
          + " planned_epochs, error, cancel_requested, lease_expires_at, started_at, finished_at"
          + " FROM job";

  private final JdbcTemplate jdbc;

  JobQueries(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Transactional(readOnly = true)
  JobView get(long jobId) {
    List<JobView> jobs = withTrials(jdbc.query(SELECT + " WHERE id = ?", JobQueries::row, jobId));
    if (jobs.isEmpty()) {
      throw ApiException.notFound("job", jobId);
    }
    return jobs.get(0);
  }

  @Transactional(readOnly = true)
  List<JobView> forSweep(long sweepId, JobStatus status) {
    if (jdbc.queryForList("SELECT 1 FROM sweep WHERE id = ?", Integer.class, sweepId).isEmpty()) {
      throw ApiException.notFound("sweep", sweepId);
    }
    List<JobView> jobs =
        status == null
            ? jdbc.query(SELECT + " WHERE sweep_id = ? ORDER BY id", JobQueries::row, sweepId)
            : jdbc.query(
                SELECT + " WHERE sweep_id = ? AND status = ? ORDER BY id",
                JobQueries::row,
                sweepId,
                status.name());
    return withTrials(jobs);
  }

  /** Reads the served trials of exactly the listed jobs, so a status filter reads only theirs. */
  private List<JobView> withTrials(List<JobView> jobs) {
    if (jobs.isEmpty()) {
      return jobs;
    }
    Long[] ids = jobs.stream().map(JobView::id).toArray(Long[]::new);
    Map<Long, List<JobView.ServedTrial>> served = new HashMap<>();
    jdbc.query(
        "SELECT job_id, id, epochs FROM trial WHERE job_id = ANY (?) ORDER BY job_id, epochs, id",
        ps -> ps.setArray(1, ps.getConnection().createArrayOf("int8", ids)),
        rs -> {
          served
              .computeIfAbsent(rs.getLong("job_id"), k -> new ArrayList<>())
              .add(new JobView.ServedTrial(rs.getLong("id"), rs.getInt("epochs")));
        });
    List<JobView> result = new ArrayList<>(jobs.size());
    for (JobView j : jobs) {
      result.add(
          new JobView(
              j.id(),
              j.sweepId(),
              j.status(),
              j.attempt(),
              j.maxAttempts(),
              j.workerId(),
              j.currentEpoch(),
              j.plannedEpochs(),
              List.copyOf(served.getOrDefault(j.id(), List.of())),
              j.error(),
              j.cancelRequested(),
              j.leaseExpiresAt(),
              j.startedAt(),
              j.finishedAt()));
    }
    return result;
  }

  private static JobView row(ResultSet rs, int n) throws SQLException {
    return new JobView(
        rs.getLong("id"),
        rs.getLong("sweep_id"),
        rs.getString("status"),
        rs.getInt("attempt"),
        rs.getInt("max_attempts"),
        rs.getString("worker_id"),
        rs.getInt("current_epoch"),
        rs.getInt("planned_epochs"),
        List.of(),
        rs.getString("error"),
        rs.getBoolean("cancel_requested"),
        instant(rs.getTimestamp("lease_expires_at")),
        instant(rs.getTimestamp("started_at")),
        instant(rs.getTimestamp("finished_at")));
  }

  static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
