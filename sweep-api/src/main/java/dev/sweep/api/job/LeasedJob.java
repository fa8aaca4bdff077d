package dev.sweep.api.job;

import dev.sweep.api.web.ApiException;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A job row as the worker protocol sees it, read under the job's row lock. */
record LeasedJob(
    long id,
    long sweepId,
    JobStatus status,
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
        JobStatus.valueOf(rs.getString("status")),
        rs.getInt("attempt"),
        rs.getInt("max_attempts"),
        rs.getInt("planned_epochs"),
        rs.getInt("current_epoch"),
        rs.getBoolean("cancel_requested"),
        rs.getString("worker_id"),
        rs.wasNull() ? null : token);
  }

  /** This row after a report of {@code epoch} moved its progress on (the lock saw it before). */
  LeasedJob reported(int epoch) {
    return new LeasedJob(
        id,
        sweepId,
        status,
        attempt,
        maxAttempts,
        plannedEpochs,
        Math.max(currentEpoch, epoch),
        cancelRequested,
        workerId,
        leaseToken);
  }

  boolean holds(long token) {
    return status == JobStatus.RUNNING && leaseToken != null && leaseToken == token;
  }

  /**
   * Refuses an epoch number outside {@code [min, plannedEpochs]} with a 400 naming {@code field}:
   * heartbeats may say 0 (nothing trained yet), reports and checkpoints start at 1.
   */
  void requireEpoch(String field, int epoch, int min) {
    if (epoch < min || epoch > plannedEpochs) {
      throw ApiException.badRequest(
          field, field + " must be between " + min + " and " + plannedEpochs + ", was " + epoch);
    }
  }
}
