package dev.sweep.worker.client;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Backoff for transient failures: connection errors, 5xx and 429. The pause doubles from {@code
 * first}, capped at {@link #MAX_PAUSE}, and is jittered (a random point in its upper half) so that
 * many workers cut off by the same outage do not come back in lock step. A {@code Retry-After} the
 * API sent (a 503 while its database is down) is honoured: the pause is at least that long.
 */
record Retry(int maxRetries, Duration first) {
  static final Duration MAX_PAUSE = Duration.ofSeconds(30);

  static boolean transientStatus(int status) {
    return status >= 500 || status == 429;
  }

  Duration pause(int attempt, Optional<Duration> retryAfter) {
    return pause(attempt, retryAfter, ThreadLocalRandom.current().nextDouble());
  }

  /** The pause with {@code unit} in [0, 1) as the jitter draw. */
  Duration pause(int attempt, Optional<Duration> retryAfter, double unit) {
    long ceiling = Math.min(first.toMillis() << Math.min(attempt, 16), MAX_PAUSE.toMillis());
    long millis = ceiling / 2 + (long) (unit * (ceiling - ceiling / 2));
    if (retryAfter.isPresent()) {
      long asked = Math.min(retryAfter.get().toMillis(), MAX_PAUSE.toMillis());
      // spread the returns over a fifth of the asked pause
      millis = Math.max(millis, asked + (long) (unit * asked / 5));
    }
    return Duration.ofMillis(millis);
  }

  /** The {@code Retry-After} of a response, in its delta-seconds form (what the API sends). */
  static Optional<Duration> retryAfter(HttpResponse<?> resp) {
    return resp.headers()
        .firstValue("Retry-After")
        .flatMap(
            v -> {
              try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.strip()))));
              } catch (NumberFormatException e) {
                return Optional.empty(); // an HTTP date: fall back to the backoff
              }
            });
  }
}
