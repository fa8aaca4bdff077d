package dev.sweep.api.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Copies an upload in fixed-size pieces while hashing it, and stops at the byte cap: both stores
 * use it, so neither holds a whole upload and neither writes a byte past the cap.
 */
final class CappedHashingCopy {
  /** One piece; also the PostgreSQL store's chunk size. */
  static final int PIECE = 1 << 20;

  /** Receives each piece; {@code length} bytes of {@code buf} are valid. */
  interface Sink {
    void accept(byte[] buf, int length) throws IOException;
  }

  record Result(String sha256, long size) {}

  private CappedHashingCopy() {}

  static Result copy(InputStream in, long maxBytes, Sink sink) throws IOException {
    MessageDigest digest = sha256();
    byte[] buf = new byte[PIECE];
    long total = 0;
    while (true) {
      int n = in.readNBytes(buf, 0, buf.length);
      if (n == 0) {
        break;
      }
      total += n;
      if (total > maxBytes) {
        throw new UploadTooLarge(maxBytes);
      }
      digest.update(buf, 0, n);
      sink.accept(buf, n);
      if (n < buf.length) {
        break;
      }
    }
    return new Result(HexFormat.of().formatHex(digest.digest()), total);
  }

  static Sink to(OutputStream out) {
    return (buf, length) -> out.write(buf, 0, length);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
