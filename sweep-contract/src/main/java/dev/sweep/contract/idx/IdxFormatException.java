package dev.sweep.contract.idx;

import java.io.IOException;

/** A dataset file that is not what it claims to be: bad header, truncated, or wrong checksum. */
public class IdxFormatException extends IOException {
  public IdxFormatException(String message) {
    super(message);
  }

  public IdxFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
