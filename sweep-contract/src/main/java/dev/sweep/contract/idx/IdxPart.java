package dev.sweep.contract.idx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The four files of an IDX dataset, named as MNIST names them. Each may be plain or gzipped (the
 * base name plus ".gz"); when both exist the .gz one is read, as for Fashion-MNIST.
 */
public enum IdxPart {
  TRAIN_IMAGES("train-images-idx3-ubyte", true),
  TRAIN_LABELS("train-labels-idx1-ubyte", false),
  TEST_IMAGES("t10k-images-idx3-ubyte", true),
  TEST_LABELS("t10k-labels-idx1-ubyte", false);

  private final String baseName;
  private final boolean images;

  IdxPart(String baseName, boolean images) {
    this.baseName = baseName;
    this.images = images;
  }

  /** The key of this file in {@code dataset.sha256}. */
  public String baseName() {
    return baseName;
  }

  public String gzName() {
    return baseName + ".gz";
  }

  public boolean images() {
    return images;
  }

  public int magic() {
    return images ? IdxFile.IMAGES_MAGIC : IdxFile.LABELS_MAGIC;
  }

  /** The base names, in this order. */
  public static List<String> baseNames() {
    return Arrays.stream(values()).map(IdxPart::baseName).toList();
  }

  /** The file holding this part in {@code dir}, or null when neither spelling is a file. */
  public Path find(Path dir) {
    for (String name : new String[] {gzName(), baseName}) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }
}
