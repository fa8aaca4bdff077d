package dev.sweep.worker.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.contract.TrainingVersion;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The result cache's dataset checksum is the one the worker enforces on its files. */
class DatasetChecksumTest {
  @Test
  void contractChecksumCoversTheFilesTheWorkerAccepts() {
    String joined =
        Arrays.stream(FashionMnistFile.values())
            .map(FashionMnistFile::sha256)
            .collect(Collectors.joining("\n"));
    assertThat(TrainingVersion.sha256(joined)).isEqualTo(TrainingVersion.FASHION_MNIST_SHA256);
  }
}
