package dev.sweep.worker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweep.api.support.TestDatabase;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.JobOutcome;
import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.client.SweepApiClient;
import dev.sweep.worker.data.FashionMnist;
import dev.sweep.worker.example.ClassifyWithExportedModel;
import dev.sweep.worker.support.FakeApi;
import dev.sweep.worker.support.TestData;
import dev.sweep.worker.training.EpochMetrics;
import dev.sweep.worker.training.ModelFiles;
import dev.sweep.worker.training.TrainingRun;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's poisoned checkpoint, on the real API, PostgreSQL and DL4J: a job whose newest
 * checkpoints are altered on disk (epoch 4), truncated (epoch 3) and of another configuration
 * (epoch 2) is resumed by a real worker from epoch 1, the last good one. Each bad one is reported
 * and quarantined, the job does not fail, and it ends with exactly the metrics of an uninterrupted
 * run.
 */
class PoisonedCheckpointEndToEndTest {
  private static final String SWEEP =
      """
      name: poisoned
      method: grid
      metric: {name: val_accuracy, goal: maximize}
      dataset: {name: fashion-mnist, validation_size: 500, train_limit: 2000, seed: 42}
      model: {type: mlp, hidden_layers: [32]}
      parameters:
        learning_rate: {value: 0.001}
        optimizer: {value: adam}
        batch_size: {value: 64}
        activation: {value: relu}
        epochs: {value: 6}
      """;

  @TempDir Path checkpoints;
  private ApiProcess api;

  @BeforeEach
  void startApi() {
    api =
        new ApiProcess(
            Map.of(
                "sweep.checkpoints.dir", checkpoints.toString(), "sweep.checkpoints.keep", "10"));
    TestDatabase.reset(api.jdbc());
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aPoisonedCheckpointIsQuarantinedAndTheJobResumesFromThePreviousGoodOne() throws Exception {
    long sweepId = api.createSweep(SWEEP).get("id").asLong();
    SweepApiClient client = api.client();
    JobAssignment job = client.claim("poisoner", Duration.ZERO).orElseThrow();
    long id = job.jobId();
    long lease = job.leaseToken();
    TrainingRun run = TrainingRun.start(job.config(), TestData.fashionMnist());
    TrainingConfig other = copyWithLearningRate(job.config(), 0.01);
    TrainingRun otherRun = TrainingRun.start(other, TestData.fashionMnist());
    for (int e = 1; e <= 4; e++) {
      EpochMetrics m = run.trainEpoch(() -> false);
      otherRun.trainEpoch(() -> false);
      byte[] good = run.checkpoint();
      byte[] upload =
          switch (e) {
            case 2 -> otherRun.checkpoint(); // right epoch, another configuration
            case 3 -> Arrays.copyOf(good, good.length / 2); // truncated, uploaded as such
            default -> good;
          };
      client.uploadCheckpoint(id, e, lease, upload);
      client.reportEpoch(id, m.report(lease, null, false));
    }
    // epoch 4's bytes change after the API recorded their SHA-256
    Path fourth =
        checkpoints.resolve(
            api.jdbc()
                .queryForObject(
                    "SELECT location FROM checkpoint WHERE job_id = ? AND epoch = 4",
                    String.class,
                    id));
    byte[] bytes = Files.readAllBytes(fourth);
    bytes[bytes.length / 2] ^= 1;
    Files.write(fourth, bytes);
    Timestamp firstUploaded = uploadedAt(id, 1);
    client.release(id, new JobOutcome(lease, null, true));
    // the uninterrupted run's last two epochs, to compare with
    EpochMetrics fifth = run.trainEpoch(() -> false);
    EpochMetrics sixth = run.trainEpoch(() -> false);

    api.start(api.worker("restorer"));
    assertThat(api.awaitEnd(sweepId, Duration.ofMinutes(4))).isEqualTo("SUCCEEDED");
    List<Map<String, Object>> rejections =
        api.jdbc()
            .queryForList(
                "SELECT epoch, reason FROM checkpoint_rejection WHERE job_id = ? ORDER BY id", id);
    assertThat(rejections).extracting(r -> r.get("epoch")).containsExactly(4, 3, 2);
    assertThat((String) rejections.get(0).get("reason")).contains("SHA-256");
    assertThat((String) rejections.get(1).get("reason")).contains("cannot restore");
    assertThat((String) rejections.get(2).get("reason")).contains("another configuration");
    // resumed from epoch 1: its checkpoint was not written again; 2-5 were, with no quarantine
    // left; 6, the last, was not: its report completed the job
    assertThat(uploadedAt(id, 1)).isEqualTo(firstUploaded);
    assertThat(
            api.jdbc()
                .queryForList(
                    "SELECT epoch FROM checkpoint WHERE job_id = ? AND quarantined_at IS NULL"
                        + " AND created_at > ? ORDER BY epoch",
                    Integer.class,
                    id,
                    firstUploaded))
        .containsExactly(2, 3, 4, 5);
    Map<String, Object> job6 =
        api.jdbc().queryForMap("SELECT status, attempt, error FROM job WHERE id = ?", id);
    assertThat(job6.get("status")).isEqualTo("SUCCEEDED");
    assertThat(job6.get("error")).isNull();
    List<Map<String, Object>> epochs =
        api.jdbc()
            .queryForList(
                "SELECT epoch, train_loss, val_accuracy FROM epoch_metric WHERE job_id = ?"
                    + " ORDER BY epoch",
                id);
    assertThat(epochs).extracting(r -> r.get("epoch")).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(epochs.get(4).get("train_loss")).isEqualTo(fifth.trainLoss());
    assertThat(epochs.get(5).get("train_loss")).isEqualTo(sixth.trainLoss());
    assertThat(epochs.get(5).get("val_accuracy")).isEqualTo(sixth.valAccuracy());

    // the trial's model file: the uninterrupted run's network, usable with the README's snippet
    long trialId =
        api.jdbc().queryForObject("SELECT id FROM trial WHERE job_id = ?", Long.class, id);
    HttpResponse<byte[]> model = api.get("/api/trials/" + trialId + "/model");
    assertThat(model.statusCode()).isEqualTo(200);
    assertThat(ModelFiles.load(model.body()).params())
        .isEqualTo(ModelFiles.load(run.exportModel()).params());
    Path zip = checkpoints.resolve("best.zip");
    Files.write(zip, model.body());
    FashionMnist data = TestData.fashionMnist();
    byte[] firstImage = Arrays.copyOf(data.testImages(), FashionMnist.PIXELS);
    assertThat(ClassifyWithExportedModel.classify(zip.toFile(), firstImage))
        .isEqualTo(
            run.network()
                .predict(
                    dev.sweep.worker.data.Batches.batch(
                            data.testImages(), data.testLabels(), new int[] {0}, 0, 1)
                        .getFeatures())[0]);
  }

  private Timestamp uploadedAt(long jobId, int epoch) {
    return api.jdbc()
        .queryForObject(
            "SELECT created_at FROM checkpoint WHERE job_id = ? AND epoch = ?",
            Timestamp.class,
            jobId,
            epoch);
  }

  private static TrainingConfig copyWithLearningRate(TrainingConfig c, double lr) throws Exception {
    ObjectNode node = FakeApi.JSON.valueToTree(c);
    node.put("learning_rate", lr);
    return FakeApi.JSON.treeToValue(node, TrainingConfig.class);
  }
}
