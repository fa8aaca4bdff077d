package dev.sweep.api.job;

import java.sql.ResultSet;
import java.sql.SQLException;

/** A job row as the worker protocol sees it, read under the job's row lock. */
record LeasedJob(
    long id,
    long sweepId,
    String status,
    int attempt,
    int maxAttempts,
    int plannedEpochs,
    int currentEpoch,
    boolean cancelRequested,
    String workerId,
    Long leaseToken) {

  static final String COLUMNS =
      "id, sweep_id, status, attempt, max_attempts, planned_epochs, current_epoch,"
          + " cancel_requested, worker_id, lease_token";

  static LeasedJob map(ResultSet rs, int row) throws SQLException {
    long token = rs.getLong("lease_token");
    return new LeasedJob(
        rs.getLong("id"),
        rs.getLong("sweep_id"),
        rs.getString("status"),
        rs.getInt("attempt"),
        rs.getInt("max_attempts"),
        rs.getInt("planned_epochs"),
        rs.getInt("current_epoch"),
        rs.getBoolean("cancel_requested"),
        rs.getString("worker_id"),
        rs.wasNull() ? null : token);
  }

  boolean holds(long token) {
    return "RUNNING".equals(status) && leaseToken != null && leaseToken == token;
  }
}
