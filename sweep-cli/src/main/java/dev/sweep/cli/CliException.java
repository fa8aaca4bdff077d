package dev.sweep.cli;

/** A failure the user can act on; its message is printed as is, without a stack trace. */
final class CliException extends RuntimeException {
  private final int exitCode;

  CliException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }

  static final int INPUT = 2;
  static final int UNREACHABLE = 3;
  static final int API = 4;

  /** The API refused the token (401) or its role (403). */
  static final int AUTH = 5;
}
