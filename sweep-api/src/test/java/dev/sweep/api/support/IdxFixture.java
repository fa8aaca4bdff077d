package dev.sweep.api.support;

import dev.sweep.contract.Sha256;
import dev.sweep.contract.idx.IdxFile;
import dev.sweep.contract.idx.IdxPart;
import dev.sweep.contract.idx.IdxReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Test helper: writes the four files of an idx dataset into a directory, synthetic or cut from the
 * real Fashion-MNIST, and knows their checksums (of the decompressed contents, as {@code
 * dataset.sha256} holds them).
 */
public final class IdxFixture {
  public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  private IdxFixture() {}

  /**
   * Synthetic images of {@code side x side} pixels with labels {@code i % classes}, the train files
   * gzipped and the test files plain (both spellings are read).
   */
  public static Map<String, String> synthetic(Path dir, int train, int test, int side, int classes)
      throws IOException {
    SplittableRandom rnd = new SplittableRandom(7);
    Files.createDirectories(dir);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(IdxPart.TRAIN_IMAGES.baseName(), images(train, side, rnd));
    files.put(IdxPart.TRAIN_LABELS.baseName(), labels(train, classes));
    files.put(IdxPart.TEST_IMAGES.baseName(), images(test, side, rnd));
    files.put(IdxPart.TEST_LABELS.baseName(), labels(test, classes));
    return write(dir, files);
  }

  /** The first {@code train} and {@code test} images and labels of the real Fashion-MNIST. */
  public static Map<String, String> fromFashionMnist(Path dir, int train, int test)
      throws IOException {
    Files.createDirectories(dir);
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (IdxPart part : IdxPart.values()) {
      IdxFile real = IdxReader.read(FASHION_MNIST.resolve(part.gzName()));
      int n = part.name().startsWith("TRAIN") ? train : test;
      int[] dims = real.dims().clone();
      dims[0] = n;
      int per = real.data().length / real.count();
      files.put(part.baseName(), idx(real.magic(), dims, Arrays.copyOf(real.data(), n * per)));
    }
    return write(dir, files);
  }

  /** Raw IDX bytes. */
  public static byte[] idx(int magic, int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    return b.put(data).array();
  }

  /** The checksums of the decompressed files in {@code dir}, keyed as {@code dataset.sha256}. */
  public static Map<String, String> sha256(Path dir) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (IdxPart part : IdxPart.values()) {
      out.put(part.baseName(), IdxReader.read(part.find(dir)).sha256());
    }
    return out;
  }

  /** The YAML flow mapping of checksums, for {@code dataset: {sha256: ...}}. */
  public static String yaml(Map<String, String> sha256) {
    StringBuilder out = new StringBuilder("{");
    sha256.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append(k + ": " + v));
    return out.append('}').toString();
  }

  private static Map<String, String> write(Path dir, Map<String, byte[]> files) {
    Map<String, String> sha256 = new LinkedHashMap<>();
    files.forEach(
        (name, raw) -> {
          try {
            if (name.startsWith("train")) {
              Files.write(dir.resolve(name + ".gz"), gzip(raw));
            } else {
              Files.write(dir.resolve(name), raw);
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          sha256.put(name, Sha256.hex(raw));
        });
    return sha256;
  }

  private static byte[] images(int n, int side, SplittableRandom rnd) {
    byte[] data = new byte[n * side * side];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) rnd.nextInt(256);
    }
    return idx(IdxFile.IMAGES_MAGIC, new int[] {n, side, side}, data);
  }

  private static byte[] labels(int n, int classes) {
    byte[] data = new byte[n];
    for (int i = 0; i < n; i++) {
      data[i] = (byte) (i % classes);
    }
    return idx(IdxFile.LABELS_MAGIC, new int[] {n}, data);
  }

  private static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.toByteArray();
  }
}
