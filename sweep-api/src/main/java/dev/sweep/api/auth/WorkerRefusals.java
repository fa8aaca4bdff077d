package dev.sweep.api.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Counts worker-protocol calls this API refused (401 or 403), so that someone wondering why jobs
 * stay QUEUED can be told that a worker is knocking with a bad token ({@code GET /api/workers},
 * which the CLI reads). Kept in memory: it describes this API process since it started.
 */
@Component
public class WorkerRefusals {
  private static final Logger log = LoggerFactory.getLogger(WorkerRefusals.class);
  private static final Duration LOG_EVERY = Duration.ofMinutes(1);

  /**
   * @param count refused worker calls since this API started
   * @param lastAt when the last one was refused; null when none was
   * @param lastStatus 401 (no or unknown token) or 403 (a user token)
   * @param lastReason what the refused worker was told
   */
  public record Summary(long count, Instant lastAt, Integer lastStatus, String lastReason) {}

  private final Clock clock;
  private Summary summary = new Summary(0, null, null, null);
  private Instant lastLogged;
  private long countAtLastLog;

  WorkerRefusals(Clock clock) {
    this.clock = clock;
  }

  public synchronized Summary summary() {
    return summary;
  }

  synchronized void record(int status, String reason) {
    Instant now = clock.instant();
    summary = new Summary(summary.count() + 1, now, status, reason);
    // a worker with a bad token now exits, but anything else knocking must not flood the log
    if (lastLogged == null || !now.isBefore(lastLogged.plus(LOG_EVERY))) {
      log.warn(
          "refused {} worker call(s) since the last report; the last answered {}: {}",
          summary.count() - countAtLastLog,
          status,
          reason);
      lastLogged = now;
      countAtLastLog = summary.count();
    }
  }
}
