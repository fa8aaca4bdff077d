package dev.sweep.worker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.api.support.TestDatabase;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.JobOutcome;
import dev.sweep.worker.client.StoredCheckpoint;
import dev.sweep.worker.client.SweepApiClient;
import dev.sweep.worker.support.TestData;
import dev.sweep.worker.training.EpochMetrics;
import dev.sweep.worker.training.TrainingRun;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's two API instances behind one database, with {@code sweep.checkpoints.store=postgres}
 * and nothing else shared (each has a checkpoint directory of its own, which stays empty): a job
 * claimed and checkpointed through API A is resumed by a real worker through API B, from A's
 * checkpoint, and ends with the metrics of an uninterrupted run.
 */
class TwoApisEndToEndTest {
  private static final String SWEEP =
      """
      name: two-apis
      method: grid
      metric: {name: val_accuracy, goal: maximize}
      dataset: {name: fashion-mnist, validation_size: 500, train_limit: 2000, seed: 42}
      model: {type: mlp, hidden_layers: [32]}
      parameters:
        learning_rate: {value: 0.001}
        optimizer: {value: adam}
        batch_size: {value: 64}
        activation: {value: relu}
        epochs: {value: 4}
      """;

  @TempDir java.nio.file.Path dirA;
  @TempDir java.nio.file.Path dirB;
  private ApiProcess a;
  private ApiProcess b;

  @AfterEach
  void stop() {
    // b first: it stops the worker started against it
    for (ApiProcess api : new ApiProcess[] {b, a}) {
      if (api != null) {
        api.close();
      }
    }
  }

  @Test
  void aJobCheckpointedThroughOneApiResumesThroughTheOther() throws Exception {
    a = api(dirA);
    TestDatabase.reset(a.jdbc());
    b = api(dirB);
    long sweepId = a.createSweep(SWEEP).get("id").asLong();

    SweepApiClient viaA = a.client();
    JobAssignment job = viaA.claim("worker-a", Duration.ZERO).orElseThrow();
    TrainingRun run = TrainingRun.start(job.config(), TestData.fashionMnist());
    byte[] second = null;
    for (int e = 1; e <= 2; e++) {
      EpochMetrics m = run.trainEpoch(() -> false);
      second = run.checkpoint(); // the zip's entry times differ from call to call: keep these bytes
      viaA.uploadCheckpoint(job.jobId(), e, job.leaseToken(), second);
      viaA.reportEpoch(job.jobId(), m.report(job.leaseToken(), null, false));
    }
    viaA.release(job.jobId(), new JobOutcome(job.leaseToken(), null, true));
    Timestamp secondUploaded =
        a.jdbc()
            .queryForObject(
                "SELECT created_at FROM checkpoint WHERE job_id = ? AND epoch = 2",
                Timestamp.class,
                job.jobId());
    EpochMetrics third = run.trainEpoch(() -> false);
    EpochMetrics fourth = run.trainEpoch(() -> false);

    // B serves the bytes A received, from the database
    JobAssignment peek = b.client().claim("peek", Duration.ZERO).orElseThrow();
    StoredCheckpoint stored =
        b.client().latestCheckpoint(peek.jobId(), peek.leaseToken()).orElseThrow();
    assertThat(stored.epoch()).isEqualTo(2);
    assertThat(stored.bytes()).isEqualTo(second);
    assertThat(stored.intact()).isTrue();
    b.client().release(peek.jobId(), new JobOutcome(peek.leaseToken(), null, true));

    b.start(b.worker("worker-b"));
    assertThat(b.awaitEnd(sweepId, Duration.ofMinutes(4))).isEqualTo("SUCCEEDED");
    assertThat(a.sweepStatus(sweepId)).isEqualTo("SUCCEEDED");
    // resumed after epoch 2: epochs 1-2 were not checkpointed again, 3 was; 4, the last, was
    // not: its report completed the job
    assertThat(
            a.jdbc()
                .queryForList(
                    "SELECT epoch FROM checkpoint WHERE job_id = ? AND created_at > ?"
                        + " ORDER BY epoch",
                    Integer.class,
                    job.jobId(),
                    secondUploaded))
        .containsExactly(3);
    List<Map<String, Object>> epochs =
        a.jdbc()
            .queryForList(
                "SELECT epoch, train_loss, val_accuracy FROM epoch_metric WHERE job_id = ?"
                    + " ORDER BY epoch",
                job.jobId());
    assertThat(epochs).extracting(r -> r.get("epoch")).containsExactly(1, 2, 3, 4);
    assertThat(epochs.get(2).get("train_loss")).isEqualTo(third.trainLoss());
    assertThat(epochs.get(3).get("train_loss")).isEqualTo(fourth.trainLoss());
    assertThat(epochs.get(3).get("val_accuracy")).isEqualTo(fourth.valAccuracy());
    // the bytes live in PostgreSQL, not in either API's directory
    assertThat(a.jdbc().queryForObject("SELECT count(*) FROM checkpoint_blob", Long.class))
        .isPositive();
    assertThat(dirA.toFile().list()).isEmpty();
    assertThat(dirB.toFile().list()).isEmpty();
  }

  private static ApiProcess api(java.nio.file.Path dir) {
    return new ApiProcess(
        Map.of(
            "sweep.checkpoints.store", "postgres",
            "sweep.checkpoints.dir", dir.toString(),
            "sweep.checkpoints.keep", "10"));
  }
}
