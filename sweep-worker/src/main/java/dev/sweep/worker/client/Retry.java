package dev.sweep.worker.client;

import java.time.Duration;

/**
 * Exponential backoff for transient failures: connection errors, 5xx and 429. The pause doubles
 * from {@code first} and is capped at {@link #MAX_PAUSE}.
 */
record Retry(int maxRetries, Duration first) {
  static final Duration MAX_PAUSE = Duration.ofSeconds(30);

  static boolean transientStatus(int status) {
    return status >= 500 || status == 429;
  }

  Duration pause(int attempt) {
    long millis = first.toMillis() << Math.min(attempt, 16);
    return Duration.ofMillis(Math.min(millis, MAX_PAUSE.toMillis()));
  }
}
