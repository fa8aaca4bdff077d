package dev.sweep.api.job;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes back jobs whose worker stopped heart-beating. Rows are locked with SKIP LOCKED, so several
 * API instances can reap at once without waiting for each other or reaping a job twice, and a job
 * whose heartbeat is being written right now is left to that heartbeat.
 */
@Component
class LeaseReaper {
  private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);
  private static final int BATCH = 100;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final JobTransitions transitions;
  private final JobMetrics metrics;
  private final Clock clock;

  LeaseReaper(
      JdbcTemplate jdbc,
      TransactionTemplate tx,
      JobTransitions transitions,
      JobMetrics metrics,
      Clock clock) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.transitions = transitions;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelayString = "${sweep.reaper-interval:5s}",
      initialDelayString = "${sweep.reaper-interval:5s}")
  void scheduled() {
    try {
      int reaped = reap();
      if (reaped > 0) {
        log.info("reaped {} expired leases", reaped);
      }
    } catch (RuntimeException e) {
      log.warn("reaper run failed; the next run retries", e);
    }
  }

  /** Reaps every lease expired by the injected clock's now; returns how many. */
  int reap() {
    int total = 0;
    int batch;
    do {
      batch = tx.execute(status -> reapBatch());
      total += batch;
    } while (batch == BATCH);
    return total;
  }

  private int reapBatch() {
    List<LeasedJob> expired =
        jdbc.query(
            "SELECT "
                + LeasedJob.COLUMNS
                + " FROM job WHERE status = 'RUNNING' AND lease_expires_at < ?"
                + " ORDER BY lease_expires_at LIMIT ? FOR NO KEY UPDATE SKIP LOCKED",
            LeasedJob::map,
            Timestamp.from(clock.instant()),
            BATCH);
    for (LeasedJob job : expired) {
      if (job.cancelRequested()) {
        transitions.finish(job, "CANCELLED", "CANCELLED", "lease expired while cancelling");
        metrics.reaped("CANCELLED");
      } else if (job.attempt() < job.maxAttempts()) {
        transitions.requeue(
            job,
            job.attempt() + 1,
            "lease expired on attempt " + job.attempt() + " (worker " + job.workerId() + ")");
        metrics.reaped("QUEUED");
      } else {
        transitions.finish(
            job, "FAILED", "FAILED", "lease expired after " + job.attempt() + " attempts");
        metrics.reaped("FAILED");
      }
    }
    return expired.size();
  }
}
