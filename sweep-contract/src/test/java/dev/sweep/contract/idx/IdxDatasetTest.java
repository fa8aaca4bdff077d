package dev.sweep.contract.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxDatasetTest {
  @TempDir Path dir;

  @Test
  void aStreamedScanAgreesWithAWholeRead() throws IOException {
    write(50, 20, 28, 10, 0);

    for (IdxPart part : IdxPart.values()) {
      Path file = part.find(dir);
      IdxSummary scanned = IdxReader.scan(file);
      IdxSummary read = IdxSummary.of(IdxReader.read(file));
      assertThat(scanned.sha256()).isEqualTo(read.sha256());
      assertThat(scanned.dims()).isEqualTo(read.dims());
      assertThat(scanned.labelCounts()).isEqualTo(read.labelCounts());
    }
    IdxDataset.Shape shape = IdxDataset.scan(dir);
    assertThat(shape.trainCount()).isEqualTo(50);
    assertThat(shape.testCount()).isEqualTo(20);
    assertThat(shape.sha256()).containsOnlyKeys(IdxPart.baseNames());
  }

  @Test
  void eachRuleNamesTheFile() throws IOException {
    write(50, 20, 27, 10, 0);
    assertThatThrownBy(() -> IdxDataset.scan(dir))
        .hasMessage(
            dir.resolve("train-images-idx3-ubyte")
                + ": images are 27x27; an idx dataset"
                + " needs 28x28");
    write(50, 20, 28, 12, 0);
    assertThatThrownBy(() -> IdxDataset.scan(dir))
        .hasMessageContaining("train-labels-idx1-ubyte: label 10 is out of range");
    write(50, 20, 28, 8, 0);
    assertThatThrownBy(() -> IdxDataset.scan(dir))
        .hasMessageContaining("train-labels-idx1-ubyte: 8 classes, labels [8, 9] never occur");
    write(50, 20, 28, 10, 1);
    assertThatThrownBy(() -> IdxDataset.scan(dir))
        .hasMessage(
            dir.resolve("train-images-idx3-ubyte")
                + " has 50 images but train-labels-idx1-ubyte has 51 labels");
    Files.delete(dir.resolve("t10k-images-idx3-ubyte.gz"));
    assertThatThrownBy(() -> IdxDataset.scan(dir))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("has no t10k-images-idx3-ubyte");
  }

  @Test
  void labelsWhereImagesBelongAreNamed() throws IOException {
    write(50, 20, 28, 10, 0);
    Files.copy(
        dir.resolve("t10k-labels-idx1-ubyte"),
        dir.resolve("t10k-images-idx3-ubyte.gz"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> IdxDataset.scan(dir))
        .hasMessageContaining("t10k-images-idx3-ubyte: holds labels (magic 2049)");
  }

  /** Images gzipped, labels plain; {@code extraLabels} more train labels than images. */
  private void write(int train, int test, int side, int classes, int extraLabels)
      throws IOException {
    Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(images(train, side)));
    Files.write(dir.resolve("train-labels-idx1-ubyte"), labels(train + extraLabels, classes));
    Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(images(test, side)));
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(test, Math.min(classes, 10)));
  }

  private static byte[] images(int n, int side) {
    byte[] data = new byte[n * side * side];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31);
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

  private static byte[] idx(int magic, int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    return b.put(data).array();
  }

  private static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.toByteArray();
  }
}
