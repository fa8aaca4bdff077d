package dev.sweep.api.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.support.ApiIntegrationTest;
import dev.sweep.api.support.TestDatabase;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

@ApiIntegrationTest
class TrialsApiTest {
  @Autowired TestRestTemplate rest;
  @Autowired ObjectMapper json;
  @Autowired JdbcTemplate jdbc;
  Api api;
  long sweepId;

  @BeforeEach
  void setUp() {
    TestDatabase.reset(jdbc);
    api = new Api(rest, json);
    sweepId = api.create(Definitions.gridText("bench.yaml"));
  }

  @Test
  void pagesThroughAllTrialsInIdOrder() {
    JsonNode first = api.get("/api/sweeps/" + sweepId + "/trials").body();
    JsonNode second = api.get("/api/sweeps/" + sweepId + "/trials?page=1&size=50").body();
    JsonNode beyond = api.get("/api/sweeps/" + sweepId + "/trials?page=9&size=50").body();

    assertThat(first.get("total").asLong()).isEqualTo(96);
    assertThat(first.get("page").asInt()).isZero();
    assertThat(first.get("size").asInt()).isEqualTo(50);
    assertThat(first.get("items")).hasSize(50);
    assertThat(second.get("items")).hasSize(46);
    assertThat(beyond.get("items")).isEmpty();
    List<Long> ids =
        StreamSupport.stream(first.get("items").spliterator(), false)
            .map(t -> t.get("id").asLong())
            .toList();
    assertThat(ids).isSorted().doesNotHaveDuplicates();
    assertThat(second.get("items").get(0).get("id").asLong()).isGreaterThan(ids.get(49));
  }

  @Test
  void filtersByStatus() {
    long jobId = firstJob();
    new JobRun(jdbc, jobId).finish();

    JsonNode succeeded = api.get("/api/sweeps/" + sweepId + "/trials?status=SUCCEEDED").body();
    JsonNode queued = api.get("/api/sweeps/" + sweepId + "/trials?status=queued&size=5").body();

    assertThat(succeeded.get("total").asLong()).isEqualTo(6);
    assertThat(succeeded.get("items"))
        .allSatisfy(t -> assertThat(t.get("jobId").asLong()).isEqualTo(jobId));
    assertThat(queued.get("total").asLong()).isEqualTo(90);
    assertThat(queued.get("items")).hasSize(5);
  }

  @Test
  void rejectsBadStatusAndPaging() {
    assertProblem(api.get("/api/sweeps/" + sweepId + "/trials?status=DONE"), 400, "status");
    assertProblem(api.get("/api/sweeps/" + sweepId + "/trials?size=0"), 400, "size");
    assertProblem(api.get("/api/sweeps/" + sweepId + "/trials?size=5000"), 400, "size");
    assertProblem(api.get("/api/sweeps/" + sweepId + "/trials?page=-1"), 400, "page");
    assertProblem(api.get("/api/sweeps/424242/trials"), 404, null);
  }

  @Test
  void showsOneTrialWithNullMetricsUntilKnown() {
    long trialId = firstTrialOf(firstJob(), 2);

    JsonNode trial = api.get("/api/trials/" + trialId).body();

    assertThat(trial.get("id").asLong()).isEqualTo(trialId);
    assertThat(trial.get("sweepId").asLong()).isEqualTo(sweepId);
    assertThat(trial.get("status").asText()).isEqualTo("QUEUED");
    assertThat(trial.get("epochs").asInt()).isEqualTo(2);
    assertThat(trial.get("identity").asText()).matches("[0-9a-f]{64}");
    assertThat(trial.get("params").get("epochs").asInt()).isEqualTo(2);
    assertThat(trial.get("params").get("learning_rate").asDouble()).isEqualTo(0.01);
    for (String metric :
        List.of(
            "trainLoss", "trainAccuracy", "valLoss", "valAccuracy", "testLoss", "testAccuracy")) {
      assertThat(trial.has(metric)).as(metric).isTrue();
      assertThat(trial.get(metric).isNull()).as(metric).isTrue();
    }
    assertProblem(api.get("/api/trials/999999"), 404, null);
  }

  @Test
  void aTrialsCurveIsItsJobsEpochsUpToItsOwnCount() {
    long jobId = firstJob();
    long shortTrial = firstTrialOf(jobId, 2);
    long longTrial = firstTrialOf(jobId, 6);
    new JobRun(jdbc, jobId).valAccuracy(e -> 0.1 * e).runTo(4);

    JsonNode shortCurve = api.get("/api/trials/" + shortTrial + "/epochs").body();
    JsonNode longCurve = api.get("/api/trials/" + longTrial + "/epochs").body();

    assertThat(shortCurve).hasSize(2);
    assertThat(shortCurve.get(1).get("epoch").asInt()).isEqualTo(2);
    assertThat(shortCurve.get(1).get("valAccuracy").asDouble()).isEqualTo(0.2);
    assertThat(shortCurve.get(1).get("samplesPerSecond").asDouble()).isEqualTo(13_000.0);
    assertThat(shortCurve.get(0).fieldNames())
        .toIterable()
        .containsExactly(
            "epoch",
            "trainLoss",
            "trainAccuracy",
            "valLoss",
            "valAccuracy",
            "seconds",
            "samplesPerSecond");
    assertThat(longCurve).hasSize(4);
    assertProblem(api.get("/api/trials/999999/epochs"), 404, null);
  }

  private long firstJob() {
    return jdbc.queryForObject("SELECT min(id) FROM job WHERE sweep_id = ?", Long.class, sweepId);
  }

  private long firstTrialOf(long jobId, int epochs) {
    return jdbc.queryForObject(
        "SELECT min(id) FROM trial WHERE job_id = ? AND epochs = ?", Long.class, jobId, epochs);
  }

  static void assertProblem(Api.Answer answer, int code, String field) {
    assertThat(answer.code()).as(answer.body().toString()).isEqualTo(code);
    assertThat(answer.contentType().toString()).startsWith("application/problem+json");
    if (field != null) {
      assertThat(answer.body().get("field").asText()).isEqualTo(field);
    }
  }
}
