package dev.sweep.api.job;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes back jobs whose worker stopped heart-beating, a batch per transaction: {@link
 * JobStore#lockExpired} finds and locks them, {@link JobLifecycle#expire} decides each one's fate.
 */
@Component
class LeaseReaper {
  private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);
  private static final int BATCH = 100;

  private final JobStore store;
  private final JobLifecycle lifecycle;
  private final TransactionTemplate tx;
  private final JobMetrics metrics;
  private final Clock clock;

  LeaseReaper(
      JobStore store,
      JobLifecycle lifecycle,
      TransactionTemplate tx,
      JobMetrics metrics,
      Clock clock) {
    this.store = store;
    this.lifecycle = lifecycle;
    this.tx = tx;
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
    List<LeasedJob> expired = store.lockExpired(Timestamp.from(clock.instant()), BATCH);
    for (LeasedJob job : expired) {
      metrics.reaped(lifecycle.expire(job));
    }
    return expired.size();
  }
}
