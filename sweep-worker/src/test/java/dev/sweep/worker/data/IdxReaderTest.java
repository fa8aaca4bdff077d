package dev.sweep.worker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.contract.idx.IdxFile;
import dev.sweep.contract.idx.IdxFormatException;
import dev.sweep.contract.idx.IdxReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path dir;

  @Test
  void readsTheRealDebianFilesAndTheirChecksumsMatch() throws IOException {
    IdxFile images = IdxReader.read(DataLocator.DEBIAN_DIR.resolve("t10k-images-idx3-ubyte.gz"));
    IdxFile labels = IdxReader.read(DataLocator.DEBIAN_DIR.resolve("t10k-labels-idx1-ubyte.gz"));

    assertThat(images.magic()).isEqualTo(2051);
    assertThat(images.dims()).containsExactly(10_000, 28, 28);
    assertThat(images.sha256()).isEqualTo(FashionMnistFile.TEST_IMAGES.sha256());
    assertThat(labels.magic()).isEqualTo(2049);
    assertThat(labels.dims()).containsExactly(10_000);
    assertThat(labels.sha256()).isEqualTo(FashionMnistFile.TEST_LABELS.sha256());
    // the first test image is an ankle boot (class 9)
    assertThat(labels.data()[0]).isEqualTo((byte) 9);
  }

  @Test
  void plainAndGzippedFilesReadTheSame() throws IOException {
    byte[] raw = idx(2049, new int[] {3}, new byte[] {1, 2, 3});
    Path plain = Files.write(dir.resolve("labels"), raw);
    Path gz = Files.write(dir.resolve("labels.gz"), gzip(raw));

    assertThat(IdxReader.read(plain).data()).containsExactly(1, 2, 3);
    assertThat(IdxReader.read(gz).data()).containsExactly(1, 2, 3);
    assertThat(IdxReader.read(gz).sha256()).isEqualTo(IdxReader.read(plain).sha256());
  }

  @Test
  void badMagicIsNamed() throws IOException {
    Path p = Files.write(dir.resolve("bad"), idx(0x0803_0000, new int[] {1}, new byte[] {0}));

    assertThatThrownBy(() -> IdxReader.read(p))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("bad magic number 0x08030000")
        .hasMessageContaining("2051");
  }

  @Test
  void truncatedDataIsNamed() throws IOException {
    byte[] full = idx(2051, new int[] {2, 28, 28}, new byte[2 * 784]);
    Path p = Files.write(dir.resolve("short"), Arrays.copyOf(full, full.length - 100));

    assertThatThrownBy(() -> IdxReader.read(p))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("truncated")
        .hasMessageContaining("promises 1568 data bytes, file has 1468");
  }

  @Test
  void truncatedHeaderAndTruncatedGzipAreNamed() throws IOException {
    Path header =
        Files.write(
            dir.resolve("header"), Arrays.copyOf(idx(2051, new int[] {1, 1, 1}, new byte[1]), 10));
    byte[] gz = gzip(idx(2051, new int[] {100, 28, 28}, new byte[100 * 784]));
    Path cut = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));

    assertThatThrownBy(() -> IdxReader.read(header)).hasMessageContaining("truncated header");
    assertThatThrownBy(() -> IdxReader.read(cut))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("truncated or corrupt gzip");
  }

  @Test
  void trailingBytesAreRejected() throws IOException {
    byte[] raw = idx(2049, new int[] {2}, new byte[] {1, 2, 3});
    Path p = Files.write(dir.resolve("long"), raw);

    assertThatThrownBy(() -> IdxReader.read(p)).hasMessageContaining("1 unexpected bytes");
  }

  static byte[] idx(int magic, int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    b.put(data);
    return b.array();
  }

  static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.toByteArray();
  }
}
