package dev.sweep.api.job;

import dev.sweep.api.config.SweepProperties;
import dev.sweep.api.web.ApiException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The fencing check every leased write goes through: the job must exist (else 404), be RUNNING and
 * carry exactly the caller's lease token (else 409, and the caller's transaction writes nothing).
 *
 * <p>The token, not the clock, is the fence: a lease past its expiry that the reaper has not taken
 * back yet still holds, and the next heartbeat revives it. Once the reaper re-queues the job the
 * token is cleared, and every later write with it is refused.
 */
@Component
class LeaseFence {
  static final String STALE = "stale lease token";

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final SweepProperties props;
  private final JobMetrics metrics;

  LeaseFence(JdbcTemplate jdbc, Clock clock, SweepProperties props, JobMetrics metrics) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.props = props;
    this.metrics = metrics;
  }

  /**
   * Locks the job row until the caller's transaction ends. NO KEY UPDATE, so inserts of epoch and
   * checkpoint rows (which take KEY SHARE through their foreign key) are not blocked.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  LeasedJob lock(long jobId, long token) {
    LeasedJob job = check(jobId, token, " FOR NO KEY UPDATE");
    if (job.workerId() != null) {
      jdbc.update("UPDATE worker SET last_seen_at = ? WHERE id = ?", now(), job.workerId());
    }
    return job;
  }

  /** The same check without a lock, to refuse a large upload before reading its body. */
  LeasedJob peek(long jobId, long token) {
    return check(jobId, token, "");
  }

  /** Extends the lease of a job locked by {@link #lock} and returns the new expiry. */
  @Transactional(propagation = Propagation.MANDATORY)
  Instant extend(LeasedJob job, int currentEpoch) {
    Instant expires = clock.instant().truncatedTo(ChronoUnit.MICROS).plus(props.lease().duration());
    jdbc.update(
        "UPDATE job SET lease_expires_at = ?, updated_at = ?,"
            + " current_epoch = greatest(current_epoch, ?) WHERE id = ?",
        Timestamp.from(expires),
        now(),
        currentEpoch,
        job.id());
    return expires;
  }

  boolean exists(long jobId) {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "SELECT EXISTS (SELECT 1 FROM job WHERE id = ?)", Boolean.class, jobId));
  }

  private LeasedJob check(long jobId, long token, String lock) {
    List<LeasedJob> rows =
        jdbc.query(
            "SELECT " + LeasedJob.COLUMNS + " FROM job WHERE id = ?" + lock, LeasedJob::map, jobId);
    if (rows.isEmpty()) {
      throw ApiException.notFound("job", jobId);
    }
    LeasedJob job = rows.get(0);
    if (!job.holds(token)) {
      metrics.staleToken();
      throw ApiException.conflict(STALE);
    }
    return job;
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }
}
