package dev.sweep.contract.idx;

/**
 * The decompressed contents of one IDX file.
 *
 * @param dims sizes from the header, for example [60000, 28, 28]
 * @param data the unsigned bytes after the header
 * @param sha256 hex SHA-256 of the whole decompressed file, header included
 */
public record IdxFile(int magic, int[] dims, byte[] data, String sha256) {
  public static final int IMAGES_MAGIC = 2051;
  public static final int LABELS_MAGIC = 2049;

  public int count() {
    return dims[0];
  }
}
