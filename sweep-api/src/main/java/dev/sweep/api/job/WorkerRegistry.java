package dev.sweep.api.job;

import dev.sweep.api.config.SweepProperties;
import dev.sweep.api.web.ApiException;
import dev.sweep.contract.WorkerRegistered;
import dev.sweep.contract.WorkerRegistration;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code worker} table: who is out there, when each was last heard from, and which ones left
 * (stopped and said so; a left id leases nothing until it registers again).
 */
@Component
class WorkerRegistry {
  static final int MAX_ID_LENGTH = 200;

  /** Beyond this many remembered workers the memory is dropped (ids change on every restart). */
  private static final int MAX_REMEMBERED = 10_000;

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final SweepProperties props;
  private final Map<String, Instant> written = new ConcurrentHashMap<>();

  WorkerRegistry(JdbcTemplate jdbc, Clock clock, SweepProperties props) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.props = props;
  }

  WorkerRegistered register(WorkerRegistration registration) {
    String id = validId(registration.workerId());
    if (registration.slots() < 0) {
      throw ApiException.badRequest("slots", "slots must not be negative");
    }
    Timestamp now = Timestamp.from(clock.instant());
    jdbc.update(
        "INSERT INTO worker (id, hostname, slots, backend, registered_at, last_seen_at)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
            + " hostname = excluded.hostname, slots = excluded.slots, backend = excluded.backend,"
            + " registered_at = excluded.registered_at, last_seen_at = excluded.last_seen_at,"
            // the same id back (a worker restarted under a fixed id): it may claim again
            + " left_at = NULL",
        id,
        registration.hostname(),
        registration.slots(),
        registration.backend(),
        now,
        now);
    return new WorkerRegistered(id, props.lease().duration(), props.lease().heartbeatInterval());
  }

  /**
   * Records that a worker called; a worker that claims without registering is added here. Skipped
   * when this instance wrote the worker's row less than {@code sweep.queue.seen-write} ago.
   */
  void seen(String workerId) {
    Instant instant = clock.instant();
    Instant last = written.get(workerId);
    if (last != null
        && !instant.isBefore(last)
        && instant.isBefore(last.plus(props.queue().seenWrite()))) {
      return;
    }
    if (written.size() >= MAX_REMEMBERED) {
      written.clear();
    }
    written.put(workerId, instant);
    Timestamp now = Timestamp.from(instant);
    jdbc.update(
        "INSERT INTO worker (id, registered_at, last_seen_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET last_seen_at = excluded.last_seen_at",
        workerId,
        now,
        now);
  }

  /**
   * Marks the worker as gone, in the database so that every API instance's claims see it: the claim
   * statement leases nothing to a left id ({@link JobStore#claimNext}). Committed on its own,
   * before the caller puts the worker's unheard leases back, so a claim that commits after that
   * finds the mark when it checks {@link #left} once more.
   */
  void leave(String workerId) {
    Timestamp now = Timestamp.from(clock.instant());
    jdbc.update(
        "INSERT INTO worker (id, registered_at, last_seen_at, left_at) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET last_seen_at = excluded.last_seen_at,"
            + " left_at = excluded.left_at",
        workerId,
        now,
        now,
        now);
  }

  /** Whether the worker left and has not registered since. */
  boolean left(String workerId) {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "SELECT EXISTS (SELECT 1 FROM worker WHERE id = ? AND left_at IS NOT NULL)",
            Boolean.class,
            workerId));
  }

  static String validId(String workerId) {
    if (workerId == null || workerId.isBlank()) {
      throw ApiException.badRequest("workerId", "workerId is required");
    }
    if (workerId.length() > MAX_ID_LENGTH) {
      throw ApiException.badRequest(
          "workerId", "workerId is longer than " + MAX_ID_LENGTH + " characters");
    }
    return workerId;
  }
}
