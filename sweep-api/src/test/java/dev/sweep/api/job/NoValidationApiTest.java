package dev.sweep.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.contract.EpochReport;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.TestMetrics;
import dev.sweep.contract.TrainingConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * {@code dataset.validation_size: 0} (issue 12): every one of the 60k training images trains, the
 * sweep ranks by a train metric, and every reader shows the missing validation metrics as missing.
 */
class NoValidationApiTest extends JobApiTest {
  private static final String TWO_RATES =
      "\"parameters\": {\"learning_rate\": {\"values\": [0.01, 0.001]}, \"epochs\": {\"value\": ";

  @Test
  void aTrainMetricIsAcceptedAndAValMetricIs400NamingBothFields() throws Exception {
    ResponseEntity<String> created = postSweep(definition("train_accuracy", 1, ""));

    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    JsonNode sweep = json.readTree(created.getBody());
    assertThat(sweep.at("/metric/name").asText()).isEqualTo("train_accuracy");
    assertThat(sweep.at("/definition/dataset/validation_size").asInt()).isZero();
    String config =
        jdbc.queryForList(
                "SELECT config::text FROM job WHERE sweep_id = ?",
                String.class,
                sweep.get("id").asLong())
            .get(0);
    assertThat(json.readValue(config, TrainingConfig.class).dataset().validationSize()).isZero();

    for (String metric : List.of("val_accuracy", "val_loss")) {
      ResponseEntity<String> refused = postSweep(definition(metric, 1, ""));

      assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(refused.getHeaders().getContentType().toString())
          .startsWith("application/problem+json");
      JsonNode problem = json.readTree(refused.getBody());
      assertThat(problem.path("field").asText()).isEqualTo("dataset.validation_size");
      assertThat(problem.path("detail").asText())
          .contains(
              "dataset.validation_size 0 leaves no validation images",
              "metric.name " + metric + " cannot be measured",
              "use metric.name train_loss or train_accuracy");
    }
    assertThat(jdbc.queryForObject("SELECT count(*) FROM sweep", Integer.class)).isEqualTo(1);
  }

  @Test
  void bestLeaderboardTrialEpochsReportAndCurvesRankByTheTrainMetricAndShowNoValValues()
      throws Exception {
    long sweepId = created(definition("train_accuracy", 1, ""));
    Map<Long, Double> trainAccuracy = new HashMap<>();
    for (double accuracy : new double[] {0.71, 0.83}) {
      JobAssignment a = claim("w1");
      trainAccuracy.put(a.jobId(), accuracy);
      leaseStatus(report(a.jobId(), noVal(a.leaseToken(), 1, accuracy, true)));
      assertThat(complete(a.jobId(), a.leaseToken()).getStatusCode().is2xxSuccessful()).isTrue();
    }
    long bestJob =
        trainAccuracy.entrySet().stream()
            .filter(e -> e.getValue() > 0.8)
            .findFirst()
            .get()
            .getKey();
    assertThat(sweepStatus(sweepId)).isEqualTo("SUCCEEDED");

    JsonNode best = get("/api/sweeps/" + sweepId + "/best");
    assertThat(best.at("/metric/name").asText()).isEqualTo("train_accuracy");
    assertThat(best.at("/metric/value").asDouble()).isEqualTo(0.83);
    assertThat(best.path("trainAccuracy").asDouble()).isEqualTo(0.83);
    assertThat(best.path("valLoss").isNull()).isTrue();
    assertThat(best.path("valAccuracy").isNull()).isTrue();
    assertThat(best.path("testAccuracy").asDouble()).isEqualTo(0.8);
    long bestTrial = best.path("trialId").asLong();
    assertThat(jdbc.queryForObject("SELECT job_id FROM trial WHERE id = ?", Long.class, bestTrial))
        .isEqualTo(bestJob);

    JsonNode board = get("/api/sweeps/" + sweepId + "/leaderboard");
    assertThat(board).hasSize(2);
    assertThat(board.get(0).path("value").asDouble()).isEqualTo(0.83);
    assertThat(board.get(1).path("value").asDouble()).isEqualTo(0.71);
    assertThat(board.get(0).path("valAccuracy").isNull()).isTrue();
    // ranking by a val metric finds nothing to rank, rather than zeros
    ResponseEntity<String> noVal =
        http.getForEntity("/api/sweeps/" + sweepId + "/best?metric=val_accuracy", String.class);
    assertThat(noVal.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(json.readTree(noVal.getBody()).path("detail").asText())
        .contains("dataset.validation_size 0", "rank by train_accuracy or train_loss");
    assertThat(get("/api/sweeps/" + sweepId + "/leaderboard?metric=val_loss")).isEmpty();

    JsonNode trial = get("/api/trials/" + bestTrial);
    assertThat(trial.path("valLoss").isNull()).isTrue();
    assertThat(trial.path("trainAccuracy").asDouble()).isEqualTo(0.83);
    JsonNode epochs = get("/api/trials/" + bestTrial + "/epochs");
    assertThat(epochs).hasSize(1);
    assertThat(epochs.get(0).path("trainAccuracy").asDouble()).isEqualTo(0.83);
    assertThat(epochs.get(0).path("valAccuracy").isNumber()).isFalse();

    String report = text("/api/sweeps/" + sweepId + "/report");
    assertThat(report)
        .contains(
            "has the best train accuracy, 0.830",
            "| train | 0.5000 | 0.830 |",
            "No validation row",
            "Training curves of the top 2")
        .doesNotContain("| validation |", "NaN");
    String trialCurves = text("/api/trials/" + bestTrial + "/curves.svg");
    assertThat(trialCurves).contains("train accuracy").doesNotContain("val accuracy");
    String sweepCurves = text("/api/sweeps/" + sweepId + "/curves.svg");
    assertThat(sweepCurves).contains("Train accuracy").doesNotContain("Val accuracy");
  }

  @Test
  void earlyTerminationJudgesTheTrainMetric() {
    long sweepId =
        created(
            definition(
                "train_accuracy",
                3,
                ", \"early_terminate\": {\"type\": \"hyperband\", \"min_iter\": 1, \"eta\": 2}"));
    JobAssignment a = claim("w1");
    JobAssignment b = claim("w2");

    assertThat(leaseStatus(report(a.jobId(), noVal(a.leaseToken(), 1, 0.80, false))).pruned())
        .isFalse();
    upload(b.jobId(), 1, b.leaseToken(), new byte[] {1, 2, 3});
    assertThat(leaseStatus(report(b.jobId(), noVal(b.leaseToken(), 1, 0.70, false))).pruned())
        .isTrue();

    assertThat(job(b.jobId())).containsEntry("status", "PRUNED");
    Map<String, Object> decision =
        jdbc.queryForMap(
            "SELECT metric, value, cutoff FROM prune_decision WHERE job_id = ?", b.jobId());
    assertThat(decision)
        .containsEntry("metric", "train_accuracy")
        .containsEntry("value", 0.70)
        .containsEntry("cutoff", 0.80);
    assertThat(sweepStatus(sweepId)).isNotEqualTo("FAILED");
  }

  /** A one-rate-per-job grid over two learning rates, without validation images. */
  private static String definition(String metric, int epochs, String more) {
    return "{\"name\": \"all-60k\", \"metric\": {\"name\": \""
        + metric
        + "\"}, \"dataset\": {\"validation_size\": 0, \"train_limit\": 2000}, "
        + TWO_RATES
        + epochs
        + "}}"
        + more
        + "}";
  }

  /** An epoch of a job without validation images: val metrics null. */
  private static EpochReport noVal(long token, int epoch, double trainAccuracy, boolean test) {
    return new EpochReport(
        token,
        epoch,
        0.5,
        trainAccuracy,
        null,
        null,
        2,
        1000,
        test ? new TestMetrics(0.55, 0.8) : null,
        false);
  }

  private ResponseEntity<String> postSweep(String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return http.postForEntity("/api/sweeps", new HttpEntity<>(body, headers), String.class);
  }

  private long created(String body) {
    ResponseEntity<String> response = postSweep(body);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.CREATED);
    return read(response, JsonNode.class).get("id").asLong();
  }

  private JsonNode get(String path) {
    return read(okText(path), JsonNode.class);
  }

  private String text(String path) {
    return okText(path).getBody();
  }

  private ResponseEntity<String> okText(String path) {
    ResponseEntity<String> response = http.getForEntity(path, String.class);
    assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
    return response;
  }
}
