package dev.sweep.api.job;

import dev.sweep.api.config.SweepProperties;
import dev.sweep.api.web.ApiException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
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

  private final JobStore store;
  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final SweepProperties props;
  private final JobMetrics metrics;

  LeaseFence(
      JobStore store, JdbcTemplate jdbc, Clock clock, SweepProperties props, JobMetrics metrics) {
    this.store = store;
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
    LeasedJob job = check(jobId, token, store.lock(jobId));
    if (job.workerId() != null) {
      jdbc.update("UPDATE worker SET last_seen_at = ? WHERE id = ?", now(), job.workerId());
    }
    return job;
  }

  /** The same check without a lock, to refuse a large upload before reading its body. */
  LeasedJob peek(long jobId, long token) {
    return check(jobId, token, store.peek(jobId));
  }

  /** Extends the lease of a job locked by {@link #lock} and returns the new expiry. */
  @Transactional(propagation = Propagation.MANDATORY)
  Instant extend(LeasedJob job, int currentEpoch) {
    Instant expires = clock.instant().truncatedTo(ChronoUnit.MICROS).plus(props.lease().duration());
    store.extendLease(job.id(), Timestamp.from(expires), currentEpoch, now());
    return expires;
  }

  boolean exists(long jobId) {
    return store.exists(jobId);
  }

  /**
   * 404 for a job that does not exist, and the same 409 for every other refusal (wrong token, or no
   * lease at all): a caller without the token learns nothing more about the job.
   */
  private LeasedJob check(long jobId, long token, Optional<LeasedJob> row) {
    LeasedJob job = row.orElseThrow(() -> ApiException.notFound("job", jobId));
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
