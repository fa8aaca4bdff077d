package dev.sweep.worker.data;

/**
 * This worker's copy of an idx dataset cannot train the job, and no retry can change that: a file's
 * checksum differs from the sweep's {@code dataset.sha256}, the files break the idx rules, or the
 * split does not fit the images. The job fails with {@code retryable=false}.
 */
public class UnusableDatasetException extends RuntimeException {
  public UnusableDatasetException(String message) {
    super(message);
  }

  public UnusableDatasetException(String message, Throwable cause) {
    super(message, cause);
  }
}
