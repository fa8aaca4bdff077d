package dev.sweep.worker.client;

/**
 * The API refused this worker's token (401: missing, unknown or revoked; 403: not a worker token).
 * Retrying cannot help, so the worker stops and says so instead of knocking forever.
 */
public class TokenRefusedException extends ApiCallException {
  public TokenRefusedException(String message, int status) {
    super(message, status, null);
  }
}
