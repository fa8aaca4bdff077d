package dev.sweep.worker.model;

/** A configuration no retry can fix; the job is failed with {@code retryable=false}. */
public class InvalidConfigException extends RuntimeException {
  public InvalidConfigException(String message) {
    super(message);
  }
}
