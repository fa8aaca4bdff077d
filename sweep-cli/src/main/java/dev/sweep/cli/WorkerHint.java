package dev.sweep.cli;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Why nothing trains, said where the user looks: while jobs wait and none runs, the watcher asks
 * the API about workers. A refusal of worker calls since watching began is reported at once (a
 * worker with a bad token stops itself, so it will not come back); no live worker at all is
 * reported after {@link #QUIET}, long enough for a worker to start and register.
 */
final class WorkerHint {
  static final Duration QUIET = Duration.ofSeconds(60);

  /** How often the watcher asks while it is waiting; the answer changes slowly. */
  static final Duration ASK_EVERY = Duration.ofSeconds(5);

  private Long refusedAtStart;
  private Duration noneAliveSince;

  /** Whether it is worth asking the API about workers now. */
  static boolean waiting(ApiViews.Sweep sweep, List<ApiViews.Job> jobs) {
    return !sweep.terminal()
        && jobs.stream().noneMatch(j -> "RUNNING".equals(j.status()))
        && jobs.stream().anyMatch(j -> "QUEUED".equals(j.status()));
  }

  /**
   * @param workers the API's answer, or empty when it was not asked or could not say
   * @param elapsed time since watching began
   */
  Optional<String> observe(boolean waiting, Optional<ApiViews.Workers> workers, Duration elapsed) {
    if (!waiting) {
      noneAliveSince = null;
      return Optional.empty();
    }
    if (workers.isEmpty()) {
      return Optional.empty();
    }
    ApiViews.Refused refused = workers.get().refused();
    long count = refused == null ? 0 : refused.count();
    if (refusedAtStart == null) {
      refusedAtStart = count;
    }
    if (workers.get().anyAlive()) {
      noneAliveSince = null;
      return Optional.empty();
    }
    if (noneAliveSince == null) {
      noneAliveSince = elapsed;
    }
    Duration quiet = elapsed.minus(noneAliveSince);
    if (count > refusedAtStart || (count > 0 && quiet.compareTo(QUIET) >= 0)) {
      return Optional.of(
          String.format(
              "no worker is alive: the API refused %d worker call(s), the last at %s (%s: %s)."
                  + " Workers need a worker token in SWEEP_API_TOKEN.",
              count, Format.instant(refused.lastAt()), refused.lastStatus(), refused.lastReason()));
    }
    if (quiet.compareTo(QUIET) >= 0) {
      return Optional.of(
          "no worker has been alive for "
              + Format.duration(quiet)
              + ": start one (SWEEP_API_URL and a worker token in SWEEP_API_TOKEN), or read"
              + " its log for why it stopped.");
    }
    return Optional.empty();
  }
}
