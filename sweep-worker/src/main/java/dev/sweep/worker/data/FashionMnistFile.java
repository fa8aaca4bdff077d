package dev.sweep.worker.data;

import dev.sweep.contract.idx.IdxFile;

/**
 * The four Fashion-MNIST files with the SHA-256 of their decompressed contents; packagers
 * recompress the .gz files, so the compressed bytes cannot be checked.
 */
public enum FashionMnistFile {
  TRAIN_IMAGES(
      "train-images-idx3-ubyte",
      "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
      IdxFile.IMAGES_MAGIC,
      60_000),
  TRAIN_LABELS(
      "train-labels-idx1-ubyte",
      "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
      IdxFile.LABELS_MAGIC,
      60_000),
  TEST_IMAGES(
      "t10k-images-idx3-ubyte",
      "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
      IdxFile.IMAGES_MAGIC,
      10_000),
  TEST_LABELS(
      "t10k-labels-idx1-ubyte",
      "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
      IdxFile.LABELS_MAGIC,
      10_000);

  private final String baseName;
  private final String sha256;
  private final int magic;
  private final int count;

  FashionMnistFile(String baseName, String sha256, int magic, int count) {
    this.baseName = baseName;
    this.sha256 = sha256;
    this.magic = magic;
    this.count = count;
  }

  public String baseName() {
    return baseName;
  }

  public String gzName() {
    return baseName + ".gz";
  }

  public String sha256() {
    return sha256;
  }

  int magic() {
    return magic;
  }

  int count() {
    return count;
  }
}
