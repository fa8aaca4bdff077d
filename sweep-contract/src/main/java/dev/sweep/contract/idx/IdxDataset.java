package dev.sweep.contract.idx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules an idx dataset meets, checked by the API at submission (when it can read the directory)
 * and by each worker before it trains: four files, images 28x28, as many labels as images, labels 0
 * to 9 with all ten in the training labels. Problems name the file.
 */
public final class IdxDataset {
  public static final int ROWS = 28;
  public static final int COLS = 28;
  public static final int CLASSES = 10;

  /**
   * A dataset that passed.
   *
   * @param sha256 each file's checksum by base name, the form of {@code dataset.sha256}
   */
  public record Shape(int trainCount, int testCount, Map<String, String> sha256) {}

  private IdxDataset() {}

  /** Streams the four files of {@code dir} and checks them. */
  public static Shape scan(Path dir) throws IOException {
    Map<IdxPart, IdxSummary> parts = new EnumMap<>(IdxPart.class);
    for (IdxPart part : IdxPart.values()) {
      parts.put(part, IdxReader.scan(require(dir, part)));
    }
    return check(dir, parts);
  }

  /** The file of {@code part} in {@code dir}; an IdxFormatException naming it when missing. */
  public static Path require(Path dir, IdxPart part) throws IdxFormatException {
    Path file = part.find(dir);
    if (file == null) {
      throw new IdxFormatException(
          dir + " has no " + part.baseName() + " (plain or " + part.gzName() + ")");
    }
    return file;
  }

  /** Checks four files' summaries. */
  public static Shape check(Path dir, Map<IdxPart, IdxSummary> parts) throws IdxFormatException {
    Map<String, String> sha256 = new LinkedHashMap<>();
    for (IdxPart part : IdxPart.values()) {
      IdxSummary s = parts.get(part);
      String where = dir.resolve(part.baseName()).toString();
      if (s.magic() != part.magic()) {
        throw new IdxFormatException(
            where
                + ": holds "
                + (part.images() ? "labels" : "images")
                + " (magic "
                + s.magic()
                + "), expected "
                + (part.images() ? "images (magic 2051)" : "labels (magic 2049)"));
      }
      if (part.images() && (s.dims()[1] != ROWS || s.dims()[2] != COLS)) {
        throw new IdxFormatException(
            where
                + ": images are "
                + s.dims()[1]
                + "x"
                + s.dims()[2]
                + "; an idx dataset needs "
                + ROWS
                + "x"
                + COLS);
      }
      if (!part.images()) {
        labels(where, s.labelCounts(), part == IdxPart.TRAIN_LABELS);
      }
      sha256.put(part.baseName(), s.sha256());
    }
    int train = sameCount(dir, parts, IdxPart.TRAIN_IMAGES, IdxPart.TRAIN_LABELS);
    int test = sameCount(dir, parts, IdxPart.TEST_IMAGES, IdxPart.TEST_LABELS);
    return new Shape(train, test, sha256);
  }

  private static void labels(String where, long[] counts, boolean allClasses)
      throws IdxFormatException {
    for (int v = CLASSES; v < counts.length; v++) {
      if (counts[v] > 0) {
        throw new IdxFormatException(
            where
                + ": label "
                + v
                + " is out of range; an idx dataset has "
                + CLASSES
                + " classes, labels 0 to 9");
      }
    }
    List<Integer> missing = new ArrayList<>();
    for (int v = 0; v < CLASSES; v++) {
      if (counts[v] == 0) {
        missing.add(v);
      }
    }
    if (allClasses && !missing.isEmpty()) {
      throw new IdxFormatException(
          where
              + ": "
              + (CLASSES - missing.size())
              + " classes, labels "
              + missing
              + " never occur; an idx dataset needs all "
              + CLASSES
              + " classes (labels 0 to 9) in its training labels");
    }
  }

  private static int sameCount(
      Path dir, Map<IdxPart, IdxSummary> parts, IdxPart images, IdxPart labels)
      throws IdxFormatException {
    int n = parts.get(images).count();
    int m = parts.get(labels).count();
    if (n != m) {
      throw new IdxFormatException(
          dir.resolve(images.baseName())
              + " has "
              + n
              + " images but "
              + labels.baseName()
              + " has "
              + m
              + " labels");
    }
    return n;
  }
}
