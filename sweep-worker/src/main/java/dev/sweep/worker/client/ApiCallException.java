package dev.sweep.worker.client;

/** A call the API rejected (4xx other than 409), or that kept failing after every retry. */
public class ApiCallException extends RuntimeException {
  private final int status;

  public ApiCallException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** HTTP status, or 0 when no response arrived. */
  public int status() {
    return status;
  }
}
