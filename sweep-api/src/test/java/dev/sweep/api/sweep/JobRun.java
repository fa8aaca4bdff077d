package dev.sweep.api.sweep;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.function.IntToDoubleFunction;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Test-data builder standing in for a worker: writes a job's epoch rows and, on {@link #finish()},
 * the final metrics of the trials it serves (each read at its own epoch count), as the job queue
 * would after real reports.
 */
public final class JobRun {
  private final JdbcTemplate jdbc;
  private final long jobId;
  private IntToDoubleFunction trainLoss = e -> 1.0 / (e + 1);
  private IntToDoubleFunction trainAccuracy = e -> 0.5 + 0.04 * e;
  private IntToDoubleFunction valLoss = e -> 1.1 / (e + 1);
  private IntToDoubleFunction valAccuracy = e -> 0.45 + 0.04 * e;
  private final Instant at = Instant.parse("2025-01-01T00:00:00Z");

  public JobRun(JdbcTemplate jdbc, long jobId) {
    this.jdbc = jdbc;
    this.jobId = jobId;
  }

  public JobRun valAccuracy(IntToDoubleFunction byEpoch) {
    this.valAccuracy = byEpoch;
    return this;
  }

  public JobRun valLoss(IntToDoubleFunction byEpoch) {
    this.valLoss = byEpoch;
    return this;
  }

  public JobRun trainLoss(IntToDoubleFunction byEpoch) {
    this.trainLoss = byEpoch;
    return this;
  }

  /** Marks the job RUNNING on a worker and writes epoch rows 1..epochs. */
  public JobRun runTo(int epochs) {
    jdbc.update(
        "UPDATE job SET status = 'RUNNING', worker_id = 'test-worker', started_at = ?,"
            + " current_epoch = ?, lease_token = ?, lease_expires_at = ?"
            + " WHERE id = ?",
        Timestamp.from(at),
        epochs,
        jobId * 7919,
        // far in the future: these contexts run the real reaper on the real clock, and a lease
        // that expired in 2025 would be reaped mid-test
        Timestamp.from(Instant.parse("2999-01-01T00:00:00Z")),
        jobId);
    for (int e = 1; e <= epochs; e++) {
      jdbc.update(
          "INSERT INTO epoch_metric (job_id, epoch, train_loss, train_accuracy, val_loss,"
              + " val_accuracy, seconds, samples_per_second, reported_at)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
          jobId,
          e,
          trainLoss.applyAsDouble(e),
          trainAccuracy.applyAsDouble(e),
          valLoss.applyAsDouble(e),
          valAccuracy.applyAsDouble(e),
          4.5,
          13_000.0,
          Timestamp.from(at.plusSeconds(e)));
    }
    return this;
  }

  /** Runs every planned epoch, then completes the job and its trials with their final metrics. */
  public void finish() {
    Integer planned =
        jdbc.queryForObject("SELECT planned_epochs FROM job WHERE id = ?", Integer.class, jobId);
    runTo(planned);
    jdbc.update(
        "UPDATE trial t SET status = 'SUCCEEDED', train_loss = e.train_loss,"
            + " train_accuracy = e.train_accuracy, val_loss = e.val_loss,"
            + " val_accuracy = e.val_accuracy, test_loss = e.val_loss + 0.01,"
            + " test_accuracy = e.val_accuracy - 0.01, finished_at = e.reported_at"
            + " FROM epoch_metric e WHERE e.job_id = t.job_id AND e.epoch = t.epochs"
            + " AND t.job_id = ?",
        jobId);
    jdbc.update(
        "UPDATE job SET status = 'SUCCEEDED', finished_at = ?, lease_token = NULL,"
            + " lease_expires_at = NULL WHERE id = ?",
        Timestamp.from(at.plusSeconds(3600)),
        jobId);
  }
}
