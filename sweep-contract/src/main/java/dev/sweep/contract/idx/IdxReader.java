package dev.sweep.contract.idx;

import dev.sweep.contract.Sha256;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, gzipped or plain (told apart by the gzip magic bytes, not the name). Only the
 * two unsigned-byte layouts MNIST-style datasets use are accepted: images (magic 2051, three
 * dimensions) and labels (magic 2049, one dimension). {@link #read} keeps the data (the worker
 * trains on it); {@link #scan} streams it and keeps only a summary (the API checks a dataset at
 * submission without holding 50 MB).
 */
public final class IdxReader {
  private static final int MAX_DIM = 10_000_000;
  private static final int MAX_HEADER = 4 + 4 * 3;

  private IdxReader() {}

  public static IdxFile read(Path file) throws IOException {
    byte[] raw;
    try {
      raw = decompress(Files.readAllBytes(file));
    } catch (EOFException | ZipException e) {
      throw corrupt(file, e);
    }
    return parse(file.toString(), raw);
  }

  /** The header, checksum and label counts of a file, read as a stream. */
  public static IdxSummary scan(Path file) throws IOException {
    String name = file.toString();
    try (InputStream in = open(file)) {
      MessageDigest sha = Sha256.digest();
      byte[] head = in.readNBytes(MAX_HEADER);
      sha.update(head);
      Header h = header(name, head, head.length);
      long[] counts = h.magic() == IdxFile.LABELS_MAGIC ? new long[256] : null;
      long data = count(counts, head, h.bytes(), head.length);
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
        data += count(counts, buf, 0, n);
      }
      checkLength(name, h.expected(), data);
      return new IdxSummary(h.magic(), h.dims(), Sha256.hex(sha), counts);
    } catch (EOFException | ZipException e) {
      throw corrupt(file, e);
    }
  }

  private static InputStream open(Path file) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(2);
    boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    return gzip ? new GZIPInputStream(in, 1 << 16) : in;
  }

  private static long count(long[] counts, byte[] bytes, int from, int to) {
    if (counts != null) {
      for (int i = from; i < to; i++) {
        counts[bytes[i] & 0xff]++;
      }
    }
    return Math.max(0, to - from);
  }

  private static IdxFormatException corrupt(Path file, IOException e) {
    return new IdxFormatException(file + ": truncated or corrupt gzip stream (" + e + ")", e);
  }

  static byte[] decompress(byte[] bytes) throws IOException {
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes), 1 << 16)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 4);
        in.transferTo(out);
        return out.toByteArray();
      }
    }
    return bytes;
  }

  static IdxFile parse(String name, byte[] raw) throws IdxFormatException {
    Header h = header(name, raw, raw.length);
    checkLength(name, h.expected(), raw.length - h.bytes());
    byte[] data = new byte[(int) h.expected()];
    System.arraycopy(raw, h.bytes(), data, 0, data.length);
    return new IdxFile(h.magic(), h.dims(), data, Sha256.hex(raw));
  }

  /**
   * @param bytes the header's length; data follows it
   */
  private record Header(int magic, int[] dims, int bytes, long expected) {}

  /** The header at the start of {@code raw}, of which the first {@code length} bytes exist. */
  private static Header header(String name, byte[] raw, int length) throws IdxFormatException {
    if (length < 8) {
      throw new IdxFormatException(name + ": " + length + " bytes is too short for an IDX header");
    }
    ByteBuffer buf = ByteBuffer.wrap(raw); // big-endian by default, as IDX is
    int magic = buf.getInt();
    int rank;
    if (magic == IdxFile.IMAGES_MAGIC) {
      rank = 3;
    } else if (magic == IdxFile.LABELS_MAGIC) {
      rank = 1;
    } else {
      throw new IdxFormatException(
          String.format(
              "%s: bad magic number 0x%08x; expected %d (images) or %d (labels)",
              name, magic, IdxFile.IMAGES_MAGIC, IdxFile.LABELS_MAGIC));
    }
    int headerBytes = 4 + 4 * rank;
    if (length < headerBytes) {
      throw new IdxFormatException(name + ": truncated header (" + length + " bytes)");
    }
    int[] dims = new int[rank];
    long expected = 1;
    for (int i = 0; i < rank; i++) {
      dims[i] = buf.getInt();
      if (dims[i] <= 0 || dims[i] > MAX_DIM) {
        throw new IdxFormatException(name + ": implausible dimension " + i + " = " + dims[i]);
      }
      expected *= dims[i];
    }
    if (expected > Integer.MAX_VALUE - 16) {
      throw new IdxFormatException(name + ": " + expected + " data bytes is too large");
    }
    return new Header(magic, dims, headerBytes, expected);
  }

  private static void checkLength(String name, long expected, long actual)
      throws IdxFormatException {
    if (actual < expected) {
      throw new IdxFormatException(
          name + ": truncated: header promises " + expected + " data bytes, file has " + actual);
    }
    if (actual > expected) {
      throw new IdxFormatException(
          name + ": " + (actual - expected) + " unexpected bytes after the data");
    }
  }
}
