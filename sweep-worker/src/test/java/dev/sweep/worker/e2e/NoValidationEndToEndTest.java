package dev.sweep.worker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.api.support.TestDatabase;
import dev.sweep.worker.support.FakeApi;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code validation_size: 0} through the real API, PostgreSQL and DL4J worker: the two jobs train
 * as one fusion group on training images only, report no validation metrics, and the API ranks them
 * by the sweep's train metric.
 */
class NoValidationEndToEndTest {
  private static final String SWEEP =
      """
      name: all-training-images
      method: grid
      metric: {name: train_accuracy, goal: maximize}
      dataset: {name: fashion-mnist, validation_size: 0, train_limit: 2000, seed: 42}
      model: {type: mlp, hidden_layers: [32]}
      parameters:
        learning_rate: {values: [0.001, 0.003]}
        optimizer: {value: adam}
        batch_size: {value: 64}
        activation: {value: relu}
        epochs: {value: 1}
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
  void aSweepWithoutValidationTrainsStoresNullValMetricsAndRanksByTrainAccuracy() throws Exception {
    long sweepId = api.createSweep(SWEEP).get("id").asLong();
    assertThat(api.fusionGroups(sweepId))
        .as("the two jobs share a fusion key: one group")
        .isEqualTo(1L);
    api.start(api.worker("no-validation"));

    assertThat(api.awaitEnd(sweepId, Duration.ofMinutes(3))).isEqualTo("SUCCEEDED");
    List<Map<String, Object>> epochs =
        api.jdbc()
            .queryForList(
                "SELECT e.train_accuracy, e.val_loss, e.val_accuracy, e.samples_per_second"
                    + " FROM epoch_metric e JOIN job j ON j.id = e.job_id WHERE j.sweep_id = ?",
                sweepId);
    assertThat(epochs).hasSize(2);
    assertThat(epochs)
        .allSatisfy(
            e -> {
              assertThat(e.get("val_loss")).isNull();
              assertThat(e.get("val_accuracy")).isNull();
              assertThat((Double) e.get("train_accuracy")).isGreaterThan(0.3);
            });
    List<Map<String, Object>> trials =
        api.jdbc()
            .queryForList(
                "SELECT status, train_accuracy, val_accuracy, test_accuracy FROM trial"
                    + " WHERE sweep_id = ? ORDER BY train_accuracy DESC",
                sweepId);
    assertThat(trials)
        .allSatisfy(
            t -> {
              assertThat(t.get("status")).isEqualTo("SUCCEEDED");
              assertThat(t.get("val_accuracy")).isNull();
              assertThat((Double) t.get("test_accuracy")).isGreaterThan(0.5);
            });

    JsonNode best = FakeApi.JSON.readTree(api.get("/api/sweeps/" + sweepId + "/best").body());
    assertThat(best.at("/metric/name").asText()).isEqualTo("train_accuracy");
    assertThat(best.at("/metric/value").asDouble())
        .isEqualTo((Double) trials.get(0).get("train_accuracy"));
    assertThat(best.path("valAccuracy").isNull()).isTrue();
    assertThat(best.path("valLoss").isNull()).isTrue();
  }
}
