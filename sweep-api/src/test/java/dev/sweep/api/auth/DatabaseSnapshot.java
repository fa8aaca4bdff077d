package dev.sweep.api.auth;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Everything a forged worker or user call could change, read from PostgreSQL: every column of every
 * job and trial row, and the number of sweeps, workers, epoch rows and checkpoints. Two snapshots
 * are equal only if nothing changed.
 */
record DatabaseSnapshot(
    List<Map<String, Object>> jobs, List<Map<String, Object>> trials, Map<String, Object> counts) {

  static DatabaseSnapshot of(JdbcTemplate jdbc) {
    return new DatabaseSnapshot(
        jdbc.queryForList("SELECT * FROM job ORDER BY id"),
        jdbc.queryForList("SELECT * FROM trial ORDER BY id"),
        jdbc.queryForMap(
            "SELECT (SELECT count(*) FROM sweep) AS sweeps, (SELECT count(*) FROM worker) AS workers,"
                + " (SELECT count(*) FROM epoch_metric) AS epochs,"
                + " (SELECT count(*) FROM checkpoint) AS checkpoints"));
  }
}
