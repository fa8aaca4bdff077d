package dev.sweep.contract.idx;

/**
 * What the dataset rules need of one IDX file.
 *
 * @param dims sizes from the header, for example [60000, 28, 28]
 * @param sha256 hex SHA-256 of the whole decompressed file, header included
 * @param labelCounts for a labels file, how often each byte value 0..255 occurs; null for images
 */
public record IdxSummary(int magic, int[] dims, String sha256, long[] labelCounts) {

  /** The summary of a file read whole. */
  public static IdxSummary of(IdxFile file) {
    long[] counts = null;
    if (file.magic() == IdxFile.LABELS_MAGIC) {
      counts = new long[256];
      for (byte b : file.data()) {
        counts[b & 0xff]++;
      }
    }
    return new IdxSummary(file.magic(), file.dims(), file.sha256(), counts);
  }

  public int count() {
    return dims[0];
  }
}
