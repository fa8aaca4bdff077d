package dev.sweep.worker.client;

/** The API answered 409: another worker holds the job now, or it ended. Stop without a word. */
public class LeaseLostException extends RuntimeException {
  public LeaseLostException(String message) {
    super(message);
  }
}
