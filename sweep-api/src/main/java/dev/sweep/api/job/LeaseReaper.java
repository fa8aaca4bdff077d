package dev.sweep.api.job;

import dev.sweep.api.config.SweepProperties;
import dev.sweep.api.outage.DatabaseOutages;
import dev.sweep.api.outage.ServiceUptime;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes back jobs whose worker stopped heart-beating, a batch per transaction: {@link
 * JobStore#lockExpired} finds and locks them, {@link JobLifecycle#expire} decides each one's fate;
 * and fails jobs whose epoch ran past {@code sweep.limits.epoch-wall-time} ({@link
 * JobLifecycle#overdue}).
 *
 * <p>Outage grace: nothing is taken back until the service has been up for a full lease duration
 * ({@link ServiceUptime}), since no worker could renew its lease while the API or its database was
 * down. The scheduled run notices a pause of this process (its own run comes late) and a database
 * that failed or came back.
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
  private final ServiceUptime uptime;
  private final SweepProperties props;
  private long lastRunEnd;

  LeaseReaper(
      JobStore store,
      JobLifecycle lifecycle,
      TransactionTemplate tx,
      JobMetrics metrics,
      Clock clock,
      ServiceUptime uptime,
      SweepProperties props) {
    this.store = store;
    this.lifecycle = lifecycle;
    this.tx = tx;
    this.metrics = metrics;
    this.clock = clock;
    this.uptime = uptime;
    this.props = props;
  }

  @Scheduled(
      fixedDelayString = "${sweep.reaper-interval:5s}",
      initialDelayString = "${sweep.reaper-interval:5s}")
  void scheduled() {
    noticePause(System.nanoTime());
    try {
      store.ping(); // the database answers: if it was down, up time starts again now
      uptime.up();
      int reaped = reap();
      if (reaped > 0) {
        log.info("reaped {} expired leases", reaped);
      }
    } catch (RuntimeException e) {
      if (DatabaseOutages.is(e)) {
        uptime.down(e);
      } else {
        log.warn("reaper run failed; the next run retries", e);
      }
    } finally {
      lastRunEnd = System.nanoTime();
    }
  }

  /**
   * Runs are {@code reaper-interval} apart (fixed delay); one that comes much later means this
   * process did not run meanwhile (SIGSTOP, a suspended VM, a stop-the-world pause), and no
   * heartbeat was answered either. The monotonic clock keeps counting through such a pause.
   */
  void noticePause(long nowNanos) {
    if (lastRunEnd != 0) {
      Duration gap = Duration.ofNanos(nowNanos - lastRunEnd);
      Duration expected = props.reaperInterval().multipliedBy(2).plusSeconds(2);
      if (gap.compareTo(expected) > 0) {
        uptime.restart("the API did not run for " + gap.toSeconds() + " s");
      }
    }
  }

  /**
   * Reaps every lease expired by the injected clock's now, and fails jobs over the epoch wall time,
   * once the service has been up for a lease duration; returns how many jobs it changed.
   */
  int reap() {
    if (!uptime.upFor(props.lease().duration())) {
      return 0;
    }
    int total = 0;
    int batch;
    do {
      batch = tx.execute(status -> reapBatch());
      total += batch;
    } while (batch == BATCH);
    do {
      batch = tx.execute(status -> overdueBatch());
      total += batch;
    } while (batch == BATCH);
    return total;
  }

  private int reapBatch() {
    Instant now = clock.instant();
    Instant outageEnd = uptime.upSince().plus(props.lease().duration());
    List<JobStore.ExpiredLease> expired =
        store.lockExpired(Timestamp.from(now), Timestamp.from(outageEnd), BATCH);
    for (JobStore.ExpiredLease lease : expired) {
      metrics.reaped(lifecycle.expire(lease.job(), lease.acrossOutage(), lease.unheard()));
    }
    return expired.size();
  }

  private int overdueBatch() {
    Duration limit = props.limits().epochWallTime();
    Instant startedBefore = clock.instant().minus(limit);
    List<JobStore.OverdueEpoch> overdue = store.lockOverdue(Timestamp.from(startedBefore), BATCH);
    for (JobStore.OverdueEpoch o : overdue) {
      log.warn(
          "job {}: epoch {} began at {} and is still running; failing it",
          o.job().id(),
          o.job().currentEpoch() + 1,
          o.epochStartedAt().toInstant());
      metrics.reaped(lifecycle.overdue(o.job(), limit));
    }
    return overdue.size();
  }
}
