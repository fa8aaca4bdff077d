package dev.sweep.api.job;

import dev.sweep.api.web.ApiException;
import dev.sweep.contract.EpochReport;
import dev.sweep.contract.LeaseStatus;
import dev.sweep.contract.TestMetrics;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores an epoch's metrics and finishes the trials that end at that epoch, all in one transaction
 * fenced by the lease. The first report of an epoch wins; a repeat (a retry after a lost answer) is
 * answered 200 and changes nothing but the lease.
 */
@Component
class EpochRecorder {
  private final JdbcTemplate jdbc;
  private final LeaseFence fence;
  private final JobEvents events;
  private final SweepStatusRollup rollup;
  private final JobMetrics metrics;
  private final Clock clock;

  EpochRecorder(
      JdbcTemplate jdbc,
      LeaseFence fence,
      JobEvents events,
      SweepStatusRollup rollup,
      JobMetrics metrics,
      Clock clock) {
    this.jdbc = jdbc;
    this.fence = fence;
    this.events = events;
    this.rollup = rollup;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Transactional
  LeaseStatus report(long jobId, EpochReport report) {
    LeasedJob job = fence.lock(jobId, report.leaseToken());
    validate(report, job.plannedEpochs());
    Timestamp now = Timestamp.from(clock.instant());
    int inserted =
        jdbc.update(
            "INSERT INTO epoch_metric (job_id, epoch, train_loss, train_accuracy, val_loss,"
                + " val_accuracy, seconds, samples_per_second, reported_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (job_id, epoch) DO NOTHING",
            jobId,
            report.epoch(),
            report.trainLoss(),
            report.trainAccuracy(),
            report.valLoss(),
            report.valAccuracy(),
            report.seconds(),
            report.samplesPerSecond(),
            now);
    if (inserted == 1) {
      finishTrials(job, report, now);
    }
    metrics.epochReported(inserted == 0);
    Instant expires = fence.extend(job, report.epoch());
    return new LeaseStatus(expires, job.cancelRequested());
  }

  private void finishTrials(LeasedJob job, EpochReport report, Timestamp now) {
    // one read serves both: the trials whose curve includes this epoch, and those it ends
    List<Long> curve = new ArrayList<>();
    List<Long> ending = new ArrayList<>();
    jdbc.query(
        "SELECT id, epochs = ? AND status IN ('QUEUED', 'RUNNING') AS ending FROM trial"
            + " WHERE job_id = ? AND epochs >= ? ORDER BY id",
        rs -> {
          curve.add(rs.getLong("id"));
          if (rs.getBoolean("ending")) {
            ending.add(rs.getLong("id"));
          }
        },
        report.epoch(),
        job.id(),
        report.epoch());
    TestMetrics test = report.test();
    if (!ending.isEmpty() && test == null) {
      // rolls the epoch row back too: the report is refused as a whole
      throw ApiException.badRequest(
          "test", "test metrics are required at epoch " + report.epoch() + ": trials end there");
    }
    if (!ending.isEmpty()) {
      jdbc.update(
          "UPDATE trial SET status = 'SUCCEEDED', train_loss = ?, train_accuracy = ?,"
              + " val_loss = ?, val_accuracy = ?, test_loss = ?, test_accuracy = ?,"
              + " finished_at = ? WHERE job_id = ? AND epochs = ?"
              + " AND status IN ('QUEUED', 'RUNNING')",
          report.trainLoss(),
          report.trainAccuracy(),
          report.valLoss(),
          report.valAccuracy(),
          test.loss(),
          test.accuracy(),
          now,
          job.id(),
          report.epoch());
    }
    events.epoch(
        job.sweepId(),
        new JobEvents.EpochEvent(
            job.id(),
            report.epoch(),
            report.trainLoss(),
            report.trainAccuracy(),
            report.valLoss(),
            report.valAccuracy(),
            report.seconds(),
            report.samplesPerSecond(),
            curve));
    events.trials(
        job.sweepId(),
        ending.stream()
            .map(
                trialId ->
                    new JobEvents.TrialEvent(
                        trialId,
                        job.id(),
                        "SUCCEEDED",
                        report.epoch(),
                        report.trainLoss(),
                        report.trainAccuracy(),
                        report.valLoss(),
                        report.valAccuracy(),
                        test.loss(),
                        test.accuracy()))
            .toList());
    rollup.refreshRunning(job.sweepId());
  }

  static void validate(EpochReport report, int plannedEpochs) {
    if (report.epoch() < 1 || report.epoch() > plannedEpochs) {
      throw ApiException.badRequest(
          "epoch", "epoch must be between 1 and " + plannedEpochs + ", was " + report.epoch());
    }
    nonNegative("trainLoss", report.trainLoss());
    fraction("trainAccuracy", report.trainAccuracy());
    nonNegative("valLoss", report.valLoss());
    fraction("valAccuracy", report.valAccuracy());
    nonNegative("seconds", report.seconds());
    nonNegative("samplesPerSecond", report.samplesPerSecond());
    if (report.test() != null) {
      nonNegative("test.loss", report.test().loss());
      fraction("test.accuracy", report.test().accuracy());
    }
  }

  private static void nonNegative(String field, double value) {
    if (!Double.isFinite(value) || value < 0) {
      throw ApiException.badRequest(field, field + " must be a finite number >= 0, was " + value);
    }
  }

  private static void fraction(String field, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw ApiException.badRequest(field, field + " must be between 0 and 1, was " + value);
    }
  }
}
