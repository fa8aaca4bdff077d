package dev.sweep.api.job;

import java.io.IOException;

/** An upload went past {@code sweep.checkpoints.max-bytes} while it streamed. */
final class UploadTooLarge extends IOException {
  UploadTooLarge(long maxBytes) {
    super("the upload is larger than sweep.checkpoints.max-bytes (" + maxBytes + " bytes)");
  }
}
