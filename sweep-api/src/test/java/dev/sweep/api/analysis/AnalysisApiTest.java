package dev.sweep.api.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.api.support.ApiIntegrationTest;
import dev.sweep.api.support.ResultsFixture;
import dev.sweep.api.support.ResultsFixture.Point;
import dev.sweep.api.support.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The numbers here were worked out by hand. Four trained configurations, each serving an nll and a
 * cross_entropy trial (folded), val accuracy:
 *
 * <pre>
 *            lr 0.1   lr 0.01
 *   adam     0.80     0.90
 *   sgd      0.60     0.70
 * </pre>
 *
 * Grand mean 0.75; total sum of squares over the 8 finished trials 2 * (0.05² + 0.15² + 0.15² +
 * 0.05²) = 0.1. Optimizer means 0.85 / 0.65: between SS 8 * 0.1² = 0.08, eta² 0.8. Learning rate
 * means 0.70 / 0.80: between SS 8 * 0.05² = 0.02, eta² 0.2. A third learning rate, 0.001, has only
 * queued trials.
 */
@ApiIntegrationTest
class AnalysisApiTest {
  @Autowired JdbcTemplate jdbc;
  @Autowired TestRestTemplate http;
  ResultsFixture fx;

  @BeforeEach
  void reset() {
    TestDatabase.reset(jdbc);
    fx = new ResultsFixture(jdbc);
  }

  long handSweep() {
    long sweep =
        fx.sweep("hand")
            .values("optimizer", "adam", "sgd")
            .values("learning_rate", 0.1, 0.01, 1e-3)
            .values("loss", "nll", "cross_entropy")
            .value("epochs", 1)
            .insert();
    trained(sweep, "adam", 0.1, 0.80);
    trained(sweep, "adam", 0.01, 0.90);
    trained(sweep, "sgd", 0.1, 0.60);
    trained(sweep, "sgd", 0.01, 0.70);
    long queued = fx.job(sweep, Map.of("optimizer", "adam", "learning_rate", 0.001), 1, "QUEUED");
    for (String loss : new String[] {"nll", "cross_entropy"}) {
      fx.trial(sweep, queued, params("adam", 0.001, loss), 1, "QUEUED");
    }
    return sweep;
  }

  void trained(long sweep, String optimizer, double lr, double valAccuracy) {
    long job = fx.job(sweep, Map.of("optimizer", optimizer, "learning_rate", lr), 1, "SUCCEEDED");
    fx.epochs(job, 1, e -> new Point(1 - valAccuracy, valAccuracy, 1.2 - valAccuracy, valAccuracy));
    for (String loss : new String[] {"nll", "cross_entropy"}) {
      fx.trial(sweep, job, params(optimizer, lr, loss), 1, "SUCCEEDED");
    }
  }

  static Map<String, Object> params(String optimizer, double lr, String loss) {
    return Map.of("optimizer", optimizer, "learning_rate", lr, "loss", loss);
  }

  JsonNode get(String path) {
    ResponseEntity<JsonNode> response = http.getForEntity(path, JsonNode.class);
    assertThat(response.getStatusCode().value()).isEqualTo(200);
    return response.getBody();
  }

  static JsonNode parameter(JsonNode analysis, String name) {
    for (JsonNode p : analysis.get("parameters")) {
      if (p.get("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no parameter " + name + " in " + analysis);
  }

  @Test
  void marginalsEffectSizesAndInteractionMatchTheHandCalculation() {
    long sweep = handSweep();
    JsonNode a = get("/api/sweeps/" + sweep + "/analysis");

    assertThat(a.at("/metric/name").asText()).isEqualTo("val_accuracy");
    assertThat(a.at("/metric/goal").asText()).isEqualTo("maximize");
    assertThat(a.get("trialsTotal").asInt()).isEqualTo(10);
    assertThat(a.get("trialsFinished").asInt()).isEqualTo(8);
    assertThat(a.at("/method/effectSize").asText()).isEqualTo("eta_squared");

    JsonNode optimizer = parameter(a, "optimizer");
    assertThat(optimizer.get("rank").asInt()).isEqualTo(1);
    assertThat(optimizer.get("effectSize").asDouble()).isCloseTo(0.8, within(1e-9));
    assertThat(optimizer.get("marginalMeanVariance").asDouble()).isCloseTo(0.01, within(1e-9));
    assertThat(optimizer.get("meanSpread").asDouble()).isCloseTo(0.2, within(1e-9));
    assertThat(optimizer.get("bestValue").asText()).isEqualTo("adam");
    JsonNode adam = optimizer.at("/values/0");
    assertThat(adam.get("label").asText()).isEqualTo("adam");
    assertThat(adam.get("count").asInt()).isEqualTo(4);
    assertThat(adam.get("mean").asDouble()).isCloseTo(0.85, within(1e-9));
    assertThat(adam.get("best").asDouble()).isCloseTo(0.90, within(1e-9));
    // deviations ±0.05 over 4 trials: sqrt(4 * 0.0025 / 3)
    assertThat(adam.get("std").asDouble()).isCloseTo(Math.sqrt(0.01 / 3), within(1e-9));
    assertThat(optimizer.at("/values/1/mean").asDouble()).isCloseTo(0.65, within(1e-9));

    JsonNode lr = parameter(a, "learning_rate");
    assertThat(lr.get("rank").asInt()).isEqualTo(2);
    assertThat(lr.get("effectSize").asDouble()).isCloseTo(0.2, within(1e-9));
    assertThat(lr.get("bestValue").asDouble()).isEqualTo(0.01);
    assertThat(lr.at("/values/0/label").asText()).isEqualTo("0.1");
    assertThat(lr.at("/values/0/mean").asDouble()).isCloseTo(0.70, within(1e-9));
    assertThat(lr.at("/values/0/std").asDouble()).isCloseTo(Math.sqrt(0.04 / 3), within(1e-9));
    assertThat(lr.at("/values/2/label").asText()).isEqualTo("0.001");
    assertThat(lr.at("/values/2/count").asInt()).isZero();
    assertThat(lr.at("/values/2").has("mean")).isFalse();

    JsonNode loss = parameter(a, "loss");
    assertThat(loss.get("equivalent").asBoolean()).isTrue();
    assertThat(loss.has("rank")).isFalse();
    assertThat(loss.has("effectSize")).isFalse();
    assertThat(loss.has("bestValue")).isFalse();
    assertThat(loss.at("/equivalentGroups/0").toString()).isEqualTo("[\"nll\",\"cross_entropy\"]");
    assertThat(loss.at("/values/0/equivalentTo/0").asText()).isEqualTo("cross_entropy");
    assertThat(loss.get("note").asText()).contains("not a finding");
    assertThat(a.at("/parameters/2/name").asText()).isEqualTo("loss");

    JsonNode ix = a.get("interaction");
    assertThat(ix.get("rowParameter").asText()).isEqualTo("optimizer");
    assertThat(ix.get("columnParameter").asText()).isEqualTo("learning_rate");
    assertThat(ix.get("columns").toString()).isEqualTo("[\"0.1\",\"0.01\",\"0.001\"]");
    assertThat(ix.at("/cells/0/0/mean").asDouble()).isCloseTo(0.80, within(1e-9));
    assertThat(ix.at("/cells/0/1/mean").asDouble()).isCloseTo(0.90, within(1e-9));
    assertThat(ix.at("/cells/1/0/mean").asDouble()).isCloseTo(0.60, within(1e-9));
    assertThat(ix.at("/cells/1/1/mean").asDouble()).isCloseTo(0.70, within(1e-9));
    assertThat(ix.at("/cells/0/0/count").asInt()).isEqualTo(2);
    assertThat(ix.at("/cells/0/2/count").asInt()).isZero();

    assertThat(a.at("/best/value").asDouble()).isCloseTo(0.90, within(1e-9));
    assertThat(a.at("/best/params/optimizer").asText()).isEqualTo("adam");
  }

  @Test
  void metricOverrideRanksByThatMetricAndItsNaturalGoal() {
    long sweep = handSweep();
    JsonNode a = get("/api/sweeps/" + sweep + "/analysis?metric=val_loss");
    assertThat(a.at("/metric/goal").asText()).isEqualTo("minimize");
    JsonNode optimizer = parameter(a, "optimizer");
    // val loss is 1.2 - val accuracy: adam has the lower mean, 0.35, and best 0.30
    assertThat(optimizer.get("bestValue").asText()).isEqualTo("adam");
    assertThat(optimizer.at("/values/0/mean").asDouble()).isCloseTo(0.35, within(1e-9));
    assertThat(optimizer.at("/values/0/best").asDouble()).isCloseTo(0.30, within(1e-9));
    assertThat(optimizer.get("effectSize").asDouble()).isCloseTo(0.8, within(1e-9));
    assertThat(a.at("/best/value").asDouble()).isCloseTo(0.30, within(1e-9));
  }

  @Test
  void trialsOfOneJobWithDifferentEpochsArePrefixesNotEquivalents() {
    long sweep =
        fx.sweep("prefix").values("epochs", 1, 2).values("optimizer", "adam", "sgd").insert();
    for (String optimizer : new String[] {"adam", "sgd"}) {
      double base = optimizer.equals("adam") ? 0.8 : 0.6;
      long job = fx.job(sweep, Map.of("optimizer", optimizer), 2, "SUCCEEDED");
      fx.epochs(job, 2, e -> new Point(1.0 / e, base + 0.05 * e, 1.1 / e, base + 0.05 * e));
      fx.trial(sweep, job, Map.of("optimizer", optimizer), 1, "SUCCEEDED");
      fx.trial(sweep, job, Map.of("optimizer", optimizer), 2, "SUCCEEDED");
    }
    JsonNode epochs = parameter(get("/api/sweeps/" + sweep + "/analysis"), "epochs");
    assertThat(epochs.get("equivalent").asBoolean()).isFalse();
    assertThat(epochs.get("equivalentGroups")).isEmpty();
    assertThat(epochs.get("bestValue").asInt()).isEqualTo(2);
    assertThat(epochs.at("/values/1/mean").asDouble()).isCloseTo(0.8, within(1e-9));
  }

  @Test
  void prunedTrialsAreCountedAsSuchAndLeftOutOfTheStatistics() {
    long sweep =
        fx.sweep("pruned").values("epochs", 1, 3).values("optimizer", "adam", "sgd").insert();
    long adam = fx.job(sweep, Map.of("optimizer", "adam"), 3, "SUCCEEDED");
    fx.epochs(adam, 3, e -> new Point(0.5, 0.8, 0.6, 0.8));
    fx.trial(sweep, adam, Map.of("optimizer", "adam"), 1, "SUCCEEDED");
    fx.trial(sweep, adam, Map.of("optimizer", "adam"), 3, "SUCCEEDED");
    // sgd was stopped at epoch 1: its 1-epoch trial ended there, its 3-epoch one is PRUNED
    long sgd = fx.job(sweep, Map.of("optimizer", "sgd"), 3, "PRUNED");
    fx.epochs(sgd, 1, e -> new Point(0.9, 0.5, 0.9, 0.5));
    fx.trial(sweep, sgd, Map.of("optimizer", "sgd"), 1, "SUCCEEDED");
    fx.trial(sweep, sgd, Map.of("optimizer", "sgd"), 3, "PRUNED");

    JsonNode a = get("/api/sweeps/" + sweep + "/analysis");

    assertThat(a.get("trialsTotal").asInt()).isEqualTo(4);
    assertThat(a.get("trialsFinished").asInt()).isEqualTo(3);
    assertThat(a.get("trialsPruned").asInt()).isEqualTo(1);
    assertThat(parameter(a, "optimizer").at("/values/1/count").asInt()).isEqualTo(1);
    ResponseEntity<String> report =
        http.getForEntity("/api/sweeps/" + sweep + "/report", String.class);
    assertThat(report.getBody()).contains("1 pruned").contains("The 1 PRUNED trials");
  }

  @Test
  void aSweepWithNothingFinishedGetsAnEmptyButValidAnswer() {
    long sweep = fx.sweep("fresh").values("optimizer", "adam", "sgd").status("QUEUED").insert();
    long job = fx.job(sweep, Map.of("optimizer", "adam"), 1, "QUEUED");
    fx.trial(sweep, job, Map.of("optimizer", "adam"), 1, "QUEUED");
    JsonNode a = get("/api/sweeps/" + sweep + "/analysis");
    assertThat(a.get("trialsFinished").asInt()).isZero();
    assertThat(a.has("best")).isFalse();
    assertThat(a.has("interaction")).isFalse();
    JsonNode optimizer = parameter(a, "optimizer");
    assertThat(optimizer.has("rank")).isFalse();
    assertThat(optimizer.at("/values/0/count").asInt()).isZero();
  }

  @Test
  void unknownSweepIs404ProblemAndUnknownMetricIs400() {
    ResponseEntity<JsonNode> missing =
        http.getForEntity("/api/sweeps/999/analysis", JsonNode.class);
    assertThat(missing.getStatusCode().value()).isEqualTo(404);
    assertThat(missing.getHeaders().getContentType().toString()).contains("problem+json");

    long sweep = handSweep();
    ResponseEntity<JsonNode> bad =
        http.getForEntity("/api/sweeps/" + sweep + "/analysis?metric=f1", JsonNode.class);
    assertThat(bad.getStatusCode().value()).isEqualTo(400);
    assertThat(bad.getBody().get("field").asText()).isEqualTo("metric");
  }
}
