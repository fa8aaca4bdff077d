package dev.sweep.worker.data;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, gzipped or plain (told apart by the gzip magic bytes, not the name). Only the
 * two unsigned-byte layouts Fashion-MNIST uses are accepted: images (magic 2051, three dimensions)
 * and labels (magic 2049, one dimension).
 */
public final class IdxReader {
  private static final int MAX_DIM = 10_000_000;

  private IdxReader() {}

  public static IdxFile read(Path file) throws IOException {
    byte[] raw;
    try {
      raw = decompress(Files.readAllBytes(file));
    } catch (EOFException | ZipException e) {
      throw new IdxFormatException(file + ": truncated or corrupt gzip stream (" + e + ")", e);
    }
    return parse(file.toString(), raw);
  }

  static byte[] decompress(byte[] bytes) throws IOException {
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
      try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes), 1 << 16)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 4);
        in.transferTo(out);
        return out.toByteArray();
      }
    }
    return bytes;
  }

  static IdxFile parse(String name, byte[] raw) throws IdxFormatException {
    if (raw.length < 8) {
      throw new IdxFormatException(
          name + ": " + raw.length + " bytes is too short for an IDX header");
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
    if (raw.length < headerBytes) {
      throw new IdxFormatException(name + ": truncated header (" + raw.length + " bytes)");
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
    long actual = raw.length - headerBytes;
    if (actual < expected) {
      throw new IdxFormatException(
          name + ": truncated: header promises " + expected + " data bytes, file has " + actual);
    }
    if (actual > expected) {
      throw new IdxFormatException(
          name + ": " + (actual - expected) + " unexpected bytes after the data");
    }
    byte[] data = new byte[(int) expected];
    System.arraycopy(raw, headerBytes, data, 0, data.length);
    return new IdxFile(magic, dims, data, Sha256.hex(raw));
  }
}
