package dev.sweep.worker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.api.support.IdxFixture;
import dev.sweep.api.support.TestDatabase;
import dev.sweep.contract.idx.IdxFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dataset: {name: idx, dir}} through the real API and a real worker: an MNIST-shaped
 * directory cut from the real Fashion-MNIST trains one real epoch; a worker whose copy differs from
 * what the API read at submission fails the job at once, without retry, naming the file.
 */
class IdxDatasetEndToEndTest {
  @TempDir Path tmp;
  @TempDir Path checkpoints;
  private ApiProcess api;

  @BeforeEach
  void start() {
    api = new ApiProcess(Map.of("sweep.checkpoints.dir", checkpoints.toString()));
    TestDatabase.reset(api.jdbc());
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void trainsOneRealEpochOnAnIdxDirectory() throws Exception {
    Path dir = tmp.resolve("mnist-shaped");
    Map<String, String> sha256 = IdxFixture.fromFashionMnist(dir, 2500, 500);
    long sweepId = api.createSweep(sweep(dir)).get("id").asLong();

    api.start(api.worker("idx-worker"));
    assertThat(api.awaitEnd(sweepId, Duration.ofMinutes(3))).isEqualTo("SUCCEEDED");
    assertThat(
            api.jdbc()
                .queryForObject(
                    "SELECT config -> 'dataset' ->> 'sha256' FROM job WHERE sweep_id = ?",
                    String.class,
                    sweepId))
        .contains(sha256.get("train-images-idx3-ubyte"));
    Map<String, Object> trial =
        api.jdbc()
            .queryForMap(
                "SELECT t.status, t.test_accuracy, e.val_accuracy, e.train_loss FROM trial t"
                    + " JOIN epoch_metric e ON e.job_id = t.job_id AND e.epoch = 1"
                    + " WHERE t.sweep_id = ?",
                sweepId);
    assertThat(trial.get("status")).isEqualTo("SUCCEEDED");
    // 2000 real training images, one epoch: far above chance (10 %)
    assertThat(((Number) trial.get("val_accuracy")).doubleValue()).isGreaterThan(0.5);
    assertThat(((Number) trial.get("test_accuracy")).doubleValue()).isGreaterThan(0.5);
    assertThat(((Number) trial.get("train_loss")).doubleValue()).isPositive();
  }

  @Test
  void aWorkerWhoseCopyDiffersFailsTheJobWithoutRetryNamingTheFile() throws Exception {
    Path dir = tmp.resolve("mine");
    Map<String, String> sha256 = IdxFixture.synthetic(dir, 600, 100, 28, 10);
    long sweepId = api.createSweep(sweep(dir)).get("id").asLong();
    // the worker's copy of one file differs from what the API read at submission
    byte[] labels = new byte[100];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (byte) ((i + 1) % 10);
    }
    Path changed = dir.resolve("t10k-labels-idx1-ubyte");
    Files.write(changed, IdxFixture.idx(IdxFile.LABELS_MAGIC, new int[] {100}, labels));
    String now = IdxFixture.sha256(dir).get("t10k-labels-idx1-ubyte");

    api.start(api.worker("idx-worker"));
    assertThat(api.awaitEnd(sweepId, Duration.ofMinutes(2))).isEqualTo("FAILED");
    List<Map<String, Object>> jobs =
        api.jdbc()
            .queryForList("SELECT status, attempt, error FROM job WHERE sweep_id = ?", sweepId);
    assertThat(jobs).hasSize(1);
    assertThat(jobs.get(0).get("status")).isEqualTo("FAILED");
    assertThat(jobs.get(0).get("attempt")).isEqualTo(1);
    assertThat((String) jobs.get(0).get("error"))
        .contains(changed.toString())
        .contains("this worker's copy differs")
        .contains(now)
        .contains(sha256.get("t10k-labels-idx1-ubyte"))
        .contains("not retried");
  }

  private static String sweep(Path dir) {
    return """
        name: idx-e2e
        method: grid
        metric: {name: val_accuracy, goal: maximize}
        dataset: {name: idx, dir: '%s', validation_size: 500, seed: 42}
        model: {type: mlp, hidden_layers: [32]}
        parameters:
          learning_rate: {value: 0.001}
          optimizer: {value: adam}
          batch_size: {value: 64}
          activation: {value: relu}
          epochs: {value: 1}
        """
        .formatted(dir);
  }
}
