package dev.sweep.api.job;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Trials per status as users see them, RUNNING included though it is never stored (see {@link
 * TrialStatus}): the stored counts, with the QUEUED trials of RUNNING jobs counted as RUNNING. The
 * stored counts come from the index on (sweep_id, status); only running jobs' trials are joined.
 */
@Component
public class TrialCounts {
  private final JdbcTemplate jdbc;

  TrialCounts(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Every status of every given sweep, zeros included, in {@link TrialStatus} order. */
  public Map<Long, Map<TrialStatus, Long>> bySweep(List<Long> sweepIds) {
    Map<Long, Map<TrialStatus, Long>> counts = new HashMap<>();
    for (long id : sweepIds) {
      Map<TrialStatus, Long> zero = new EnumMap<>(TrialStatus.class);
      for (TrialStatus status : TrialStatus.values()) {
        zero.put(status, 0L);
      }
      counts.put(id, zero);
    }
    if (sweepIds.isEmpty()) {
      return counts;
    }
    jdbc.query(
        "SELECT sweep_id, status, count(*) AS n FROM trial WHERE sweep_id = ANY (?)"
            + " GROUP BY sweep_id, status"
            + " UNION ALL SELECT j.sweep_id, "
            + TrialStatus.RUNNING.sql()
            + ", count(*) FROM job j JOIN trial t ON t.job_id = j.id"
            + " WHERE j.sweep_id = ANY (?) AND j.status = "
            + JobStatus.RUNNING.sql()
            + " AND t.status = "
            + TrialStatus.QUEUED.sql()
            + " GROUP BY j.sweep_id",
        ps -> {
          Object[] ids = sweepIds.toArray();
          ps.setArray(1, ps.getConnection().createArrayOf("int8", ids));
          ps.setArray(2, ps.getConnection().createArrayOf("int8", ids));
        },
        rs -> {
          Map<TrialStatus, Long> sweep = counts.get(rs.getLong("sweep_id"));
          TrialStatus status = TrialStatus.valueOf(rs.getString("status"));
          long n = rs.getLong("n");
          sweep.merge(status, n, Long::sum);
          if (status == TrialStatus.RUNNING) {
            // those were counted as QUEUED, as stored
            sweep.merge(TrialStatus.QUEUED, -n, Long::sum);
          }
        });
    return counts;
  }

  /** The same for one sweep. */
  public Map<TrialStatus, Long> of(long sweepId) {
    return bySweep(List.of(sweepId)).get(sweepId);
  }
}
