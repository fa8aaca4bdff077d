package dev.sweep.api.job;

import dev.sweep.api.auth.WorkerRefusals;
import dev.sweep.api.config.SweepProperties;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/workers}: who is out there, and whether worker calls are being refused. It
 * answers the question "why do my jobs stay QUEUED?": no worker alive, or one knocking with a bad
 * token.
 */
@RestController
class WorkersController {

  /**
   * @param alive seen within one lease duration, or holding an unexpired lease (a worker busy on
   *     long epochs does not claim, but it heartbeats its jobs), and not left (stopped and said so)
   * @param runningJobs jobs it holds under an unexpired lease
   */
  record WorkerView(
      String id,
      String hostname,
      Integer slots,
      String backend,
      Instant registeredAt,
      Instant lastSeenAt,
      int runningJobs,
      boolean alive) {}

  /**
   * @param workers newest first
   * @param refused worker calls this API refused for a missing, unknown or wrong-role token
   */
  record Workers(List<WorkerView> workers, WorkerRefusals.Summary refused) {}

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final SweepProperties props;
  private final WorkerRefusals refusals;

  WorkersController(
      JdbcTemplate jdbc, Clock clock, SweepProperties props, WorkerRefusals refusals) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.props = props;
    this.refusals = refusals;
  }

  @GetMapping("/api/workers")
  Workers list() {
    Instant now = clock.instant();
    Instant seenSince = now.minus(props.lease().duration());
    List<WorkerView> workers =
        jdbc.query(
            "SELECT w.id, w.hostname, w.slots, w.backend, w.registered_at, w.last_seen_at,"
                + " w.left_at IS NOT NULL AS left_api,"
                + " (SELECT count(*) FROM job j WHERE j.worker_id = w.id AND j.status = 'RUNNING'"
                + "  AND j.lease_expires_at > ?) AS running_jobs"
                + " FROM worker w ORDER BY w.last_seen_at DESC, w.id",
            (rs, i) -> {
              Instant lastSeen = rs.getTimestamp("last_seen_at").toInstant();
              int running = rs.getInt("running_jobs");
              return new WorkerView(
                  rs.getString("id"),
                  rs.getString("hostname"),
                  rs.getObject("slots", Integer.class),
                  rs.getString("backend"),
                  rs.getTimestamp("registered_at").toInstant(),
                  lastSeen,
                  running,
                  // a worker that left is not alive, whatever leases it still holds
                  !rs.getBoolean("left_api") && (running > 0 || lastSeen.isAfter(seenSince)));
            },
            Timestamp.from(now));
    return new Workers(workers, refusals.summary());
  }
}
