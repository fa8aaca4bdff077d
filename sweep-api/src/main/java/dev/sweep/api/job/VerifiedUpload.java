package dev.sweep.api.job;

import dev.sweep.api.config.SweepProperties;
import dev.sweep.api.web.ApiException;
import dev.sweep.contract.WorkerPaths;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/** Receives a checkpoint or model upload: byte cap (413) and announced checksum (400) checked. */
final class VerifiedUpload {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

  private VerifiedUpload() {}

  static boolean isSha256(String value) {
    return SHA256.matcher(value).matches();
  }

  static void checkHeaders(Long token, String sha256) {
    if (token == null) {
      throw ApiException.badRequest(
          WorkerPaths.LEASE_TOKEN_HEADER, WorkerPaths.LEASE_TOKEN_HEADER + " header is required");
    }
    if (sha256 == null || !isSha256(sha256)) {
      throw ApiException.badRequest(
          WorkerPaths.SHA256_HEADER,
          WorkerPaths.SHA256_HEADER + " must be the body's SHA-256 as 64 hex digits");
    }
  }

  /**
   * Streams the body into the store. A declared length over the cap is refused before a byte is
   * read; an undeclared (chunked) one is cut off at the cap. Either way nothing stays behind.
   */
  static CheckpointStore.Upload receive(
      CheckpointStore store,
      SweepProperties.Checkpoints settings,
      String sha256,
      long contentLength,
      InputStream body)
      throws IOException {
    long max = settings.maxBytes().toBytes();
    if (contentLength > max) {
      throw tooLarge(max);
    }
    CheckpointStore.Upload upload;
    try {
      upload = store.receive(body, max);
    } catch (UploadTooLarge e) {
      throw tooLarge(max);
    }
    if (!upload.sha256().equalsIgnoreCase(sha256)) {
      upload.close();
      throw ApiException.badRequest(
          WorkerPaths.SHA256_HEADER,
          "checksum mismatch: the body's SHA-256 is "
              + upload.sha256()
              + ", the header says "
              + sha256.toLowerCase(Locale.ROOT));
    }
    return upload;
  }

  private static ApiException tooLarge(long max) {
    return new ApiException(
        HttpStatus.valueOf(413),
        "body",
        "the upload is larger than sweep.checkpoints.max-bytes (" + max + " bytes)");
  }
}
