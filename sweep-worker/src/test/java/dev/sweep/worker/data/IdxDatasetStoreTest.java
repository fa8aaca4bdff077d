package dev.sweep.worker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.api.support.IdxFixture;
import dev.sweep.contract.DatasetSpec;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxDatasetStoreTest {
  @TempDir Path dir;
  private final IdxDatasetStore store = new IdxDatasetStore();

  @Test
  void verifiesOnceAndAgainOnlyWhenAFileChanges() throws Exception {
    Map<String, String> sha256 = IdxFixture.synthetic(dir, 300, 100, 28, 10);
    DatasetSpec spec = spec(sha256, 100);

    FashionMnist first = store.get(spec);
    FashionMnist second = store.get(spec);

    assertThat(first.trainCount()).isEqualTo(300);
    assertThat(first.testCount()).isEqualTo(100);
    assertThat(first.trainImages()).hasSize(300 * FashionMnist.PIXELS);
    assertThat(second).isSameAs(first);
    assertThat(store.verifications()).isEqualTo(1);
    Path file = dir.resolve("t10k-images-idx3-ubyte");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
    assertThat(store.get(spec).trainCount()).isEqualTo(300);
    assertThat(store.verifications()).isEqualTo(2);
  }

  @Test
  void aDifferentCopyIsRefusedNamingTheFileAndBothChecksums() throws Exception {
    Map<String, String> sha256 = new TreeMap<>(IdxFixture.synthetic(dir, 300, 100, 28, 10));
    String actual = sha256.put("train-labels-idx1-ubyte", "ab".repeat(32));

    assertThatThrownBy(() -> store.get(spec(sha256, 100)))
        .isInstanceOf(UnusableDatasetException.class)
        .hasMessageContaining(dir.resolve("train-labels-idx1-ubyte.gz").toString())
        .hasMessageContaining(actual)
        .hasMessageContaining("ab".repeat(32));
  }

  @Test
  void aSplitLargerThanTheFilesIsRefused() throws Exception {
    Map<String, String> sha256 = IdxFixture.synthetic(dir, 300, 100, 28, 10);

    assertThatThrownBy(() -> store.get(spec(sha256, 300)))
        .isInstanceOf(UnusableDatasetException.class)
        .hasMessageContaining("validation_size 300 leaves no training images");
  }

  @Test
  void aMissingDirectoryMayBeFoundOnAnotherWorker() {
    DatasetSpec spec =
        new DatasetSpec(
            "idx", 100, null, 1L, null, dir.resolve("gone").toString(), Map.of("x", "y"));

    assertThatThrownBy(() -> store.get(spec))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("gone");
  }

  private DatasetSpec spec(Map<String, String> sha256, int validation) {
    return new DatasetSpec("idx", validation, null, 1L, null, dir.toString(), sha256);
  }
}
