package dev.sweep.worker.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.worker.data.FashionMnist;
import dev.sweep.worker.support.TestData;
import dev.sweep.worker.training.ModelFiles;
import dev.sweep.worker.training.TrainingRun;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InvalidClassException;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's snippet on a real exported model, and shows that a model zip smuggling a
 * Java-serialised object of a class outside the allowlist is refused, by the worker's loader and by
 * the snippet's JVM-wide filter alike.
 */
class ClassifyWithExportedModelTest {
  @TempDir Path dir;

  @Test
  void theReadmeSnippetClassifiesTestImagesFarAboveChance() throws Exception {
    FashionMnist data = TestData.fashionMnist();
    TrainingRun run = TrainingRun.start(dev.sweep.worker.support.Configs.config().build(), data);
    run.trainEpoch(() -> false);
    run.trainEpoch(() -> false);
    File zip = dir.resolve("best.zip").toFile();
    Files.write(zip.toPath(), run.exportModel());

    int images = 200;
    int right = 0;
    for (int i = 0; i < images; i++) {
      byte[] pixels =
          Arrays.copyOfRange(
              data.testImages(), i * FashionMnist.PIXELS, (i + 1) * FashionMnist.PIXELS);
      int label = ClassifyWithExportedModel.classify(zip, pixels);
      assertThat(label).isBetween(0, 9);
      if (label == data.testLabels()[i]) {
        right++;
      }
    }

    // two small epochs on 2,000 images: far above chance (10 %)
    assertThat(right).isGreaterThan(images / 2);
    assertThat(ModelFiles.load(Files.readAllBytes(zip.toPath())).numParams())
        .isEqualTo(run.network().numParams());
  }

  @Test
  void aModelZipCarryingAForeignSerialisedObjectIsRefused() throws Exception {
    TrainingRun run =
        TrainingRun.start(
            dev.sweep.worker.support.Configs.config().build(), TestData.fashionMnist());
    byte[] poisoned =
        withEntry(run.exportModel(), "preprocessor.bin", serialised(URI.create("http://x")));
    File zip = dir.resolve("poisoned.zip").toFile();
    Files.write(zip.toPath(), poisoned);

    assertThatThrownBy(() -> ModelFiles.load(poisoned))
        .isInstanceOf(InvalidClassException.class)
        .hasMessageContaining("REJECTED");
    ModelFiles.installJvmWide();
    assertThatThrownBy(() -> ClassifyWithExportedModel.classify(zip, new byte[FashionMnist.PIXELS]))
        .hasStackTraceContaining("REJECTED");
  }

  private static byte[] serialised(Object o) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
      objects.writeObject(o);
    }
    return out.toByteArray();
  }

  private static byte[] withEntry(byte[] zip, String name, byte[] content) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip));
        ZipOutputStream z = new ZipOutputStream(out)) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        z.putNextEntry(new ZipEntry(e.getName()));
        in.transferTo(z);
        z.closeEntry();
      }
      z.putNextEntry(new ZipEntry(name));
      z.write(content);
      z.closeEntry();
    }
    return out.toByteArray();
  }
}
