package dev.sweep.worker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.api.support.TestDatabase;
import dev.sweep.worker.WorkerProperties;
import dev.sweep.worker.runtime.SimulatedTrainer;
import dev.sweep.worker.runtime.WorkerRuntime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code sweep-worker --simulate} against a real API and PostgreSQL: the simulated trainer claims a
 * fusion group in one claim and trains it through the same group runtime as DL4J, each job under
 * its own lease, with its own epoch rows.
 */
class SimulatedGroupEndToEndTest {
  private static final String SWEEP =
      """
      name: simulated-groups
      method: grid
      metric: {name: val_accuracy, goal: maximize}
      dataset: {name: fashion-mnist, validation_size: 500, train_limit: 2000, seed: 42}
      model: {type: mlp, hidden_layers: [32]}
      parameters:
        learning_rate: {values: [0.001, 0.002, 0.003, 0.004]}
        optimizer: {value: adam}
        batch_size: {value: 64}
        activation: {value: relu}
        epochs: {value: 3}
      """;

  private ApiProcess api;

  @BeforeEach
  void startApi() {
    api = new ApiProcess(Map.of());
    TestDatabase.reset(api.jdbc());
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aSimulatedWorkerClaimsTheFusionGroupAtOnceAndEveryJobSucceeds() throws Exception {
    long sweepId = api.createSweep(SWEEP).get("id").asLong();
    assertThat(api.fusionGroups(sweepId)).as("4 jobs of one fusion key: one group").isEqualTo(1L);
    api.start(
        new WorkerRuntime(
            api.client(),
            new SimulatedTrainer(Duration.ofMillis(200)),
            new WorkerProperties.Worker(
                1, true, "simulated", Duration.ofSeconds(1), null, Duration.ofMillis(200)),
            reason -> {}));

    assertThat(api.awaitEnd(sweepId, Duration.ofMinutes(2))).isEqualTo("SUCCEEDED");
    List<Map<String, Object>> jobs =
        api.jdbc()
            .queryForList(
                "SELECT j.status, j.attempt, j.started_at,"
                    + " (SELECT array_agg(e.epoch ORDER BY e.epoch)::text FROM epoch_metric e"
                    + " WHERE e.job_id = j.id) AS epochs"
                    + " FROM job j WHERE j.sweep_id = ?",
                sweepId);
    assertThat(jobs).hasSize(4);
    assertThat(jobs).extracting(j -> j.get("status")).containsOnly("SUCCEEDED");
    assertThat(jobs).extracting(j -> j.get("attempt")).containsOnly(1);
    assertThat(jobs).extracting(j -> j.get("epochs")).containsOnly("{1,2,3}");
    assertThat(jobs)
        .extracting(j -> j.get("started_at"))
        .as("the four jobs were leased by one claim, in one statement")
        .containsOnly(jobs.get(0).get("started_at"));
  }
}
