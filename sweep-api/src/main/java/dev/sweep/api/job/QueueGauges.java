package dev.sweep.api.job;

import dev.sweep.api.config.SweepProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Gauges read from the database, not from this instance's memory, so every API replica reports the
 * same queue: {@code sweep_jobs{status}} (the queue depth an autoscaler watches, and running jobs)
 * and {@code sweep_workers_live}. One count serves every scrape within {@code
 * sweep.metrics.gauge-refresh}.
 */
@Component
class QueueGauges {
  /** The counts, and when (on the monotonic clock) they were taken. */
  private record Snapshot(Map<JobStatus, Long> jobs, long liveWorkers, long takenNanos) {}

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final SweepProperties props;
  private volatile Snapshot last;

  QueueGauges(JdbcTemplate jdbc, Clock clock, SweepProperties props, MeterRegistry registry) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.props = props;
    for (JobStatus status : JobStatus.values()) {
      Gauge.builder("sweep.jobs", this, g -> g.snapshot().jobs().getOrDefault(status, 0L))
          .description("jobs by status: QUEUED is the queue depth, RUNNING the jobs training")
          .tag("status", status.name())
          .register(registry);
    }
    Gauge.builder("sweep.workers.live", this, g -> g.snapshot().liveWorkers())
        .description(
            "workers seen within one lease duration, or holding an unexpired lease (as in"
                + " GET /api/workers)")
        .register(registry);
  }

  private Snapshot snapshot() {
    Snapshot s = last;
    long now = System.nanoTime();
    if (s == null || now - s.takenNanos() >= props.metrics().gaugeRefresh().toNanos()) {
      s = count(now);
      last = s;
    }
    return s;
  }

  private Snapshot count(long nanos) {
    Map<JobStatus, Long> jobs = new EnumMap<>(JobStatus.class);
    jdbc.query(
        "SELECT status, count(*) FROM job GROUP BY status",
        rs -> {
          jobs.put(JobStatus.valueOf(rs.getString(1)), rs.getLong(2));
        });
    Instant now = clock.instant();
    Timestamp nowTs = Timestamp.from(now);
    Long live =
        jdbc.queryForObject(
            "SELECT count(*) FROM worker w WHERE w.left_at IS NULL AND (w.last_seen_at >= ?"
                + " OR EXISTS (SELECT 1 FROM job j WHERE j.worker_id = w.id AND j.status = "
                + JobStatus.RUNNING.sql()
                + " AND j.lease_expires_at > ?))",
            Long.class,
            Timestamp.from(now.minus(props.lease().duration())),
            nowTs);
    return new Snapshot(jobs, live == null ? 0 : live, nanos);
  }
}
