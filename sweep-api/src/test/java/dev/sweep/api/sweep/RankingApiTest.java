package dev.sweep.api.sweep;

import static dev.sweep.api.sweep.TrialsApiTest.assertProblem;
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
class RankingApiTest {
  @Autowired TestRestTemplate rest;
  @Autowired ObjectMapper json;
  @Autowired JdbcTemplate jdbc;
  Api api;
  long sweepId;
  List<Long> jobs;

  @BeforeEach
  void setUp() {
    TestDatabase.reset(jdbc);
    api = new Api(rest, json);
    sweepId = api.create(Definitions.gridText("bench.yaml"));
    jobs =
        jdbc.queryForList("SELECT id FROM job WHERE sweep_id = ? ORDER BY id", Long.class, sweepId);
  }

  @Test
  void noFinishedTrialIs404Problem() {
    new JobRun(jdbc, jobs.get(0)).runTo(3);

    assertProblem(api.get("/api/sweeps/" + sweepId + "/best"), 404, null);
    assertThat(api.get("/api/sweeps/" + sweepId + "/leaderboard").body()).isEmpty();
    assertProblem(api.get("/api/sweeps/5555/best"), 404, null);
  }

  @Test
  void bestFollowsTheSweepsMetricAndGoal() {
    // job 0 peaks at epoch 4 (0.80), job 1 climbs to 0.75 at 6: the best trial is job 0's 4-epoch
    // one
    new JobRun(jdbc, jobs.get(0)).valAccuracy(e -> 0.8 - 0.05 * Math.abs(e - 4)).finish();
    new JobRun(jdbc, jobs.get(1)).valAccuracy(e -> 0.45 + 0.05 * e).finish();
    long expected = trialOf(jobs.get(0), 4, "nll");

    JsonNode best = api.get("/api/sweeps/" + sweepId + "/best").body();

    assertThat(best.get("trialId").asLong()).isEqualTo(expected);
    assertThat(best.get("epochs").asInt()).isEqualTo(4);
    assertThat(best.get("params").get("epochs").asInt()).isEqualTo(4);
    assertThat(best.get("metric").get("name").asText()).isEqualTo("val_accuracy");
    assertThat(best.get("metric").get("goal").asText()).isEqualTo("maximize");
    assertThat(best.get("metric").get("value").asDouble()).isEqualTo(0.8);
    assertThat(best.get("valAccuracy").asDouble()).isEqualTo(0.8);
    assertThat(best.get("testAccuracy").asDouble())
        .isEqualTo(0.79, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(best.get("trainLoss").asDouble()).isEqualTo(0.2);
  }

  @Test
  void metricOverrideRanksByThatMetricWithItsNaturalGoal() {
    new JobRun(jdbc, jobs.get(0)).valLoss(e -> 1.0 + 0.1 * e).finish();
    new JobRun(jdbc, jobs.get(1)).valLoss(e -> 2.0 - 0.1 * e).finish();

    JsonNode best = api.get("/api/sweeps/" + sweepId + "/best?metric=val_loss").body();

    assertThat(best.get("metric").get("name").asText()).isEqualTo("val_loss");
    assertThat(best.get("metric").get("goal").asText()).isEqualTo("minimize");
    assertThat(best.get("metric").get("value").asDouble())
        .isEqualTo(1.2, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(best.get("params").get("epochs").asInt()).isEqualTo(2);
    assertThat(
            jdbc.queryForObject(
                "SELECT job_id FROM trial WHERE id = ?", Long.class, best.get("trialId").asLong()))
        .isEqualTo(jobs.get(0));
    assertProblem(api.get("/api/sweeps/" + sweepId + "/best?metric=f1"), 400, "metric");
  }

  @Test
  void leaderboardRanksFinishedTrialsBestFirst() {
    for (int i = 0; i < 4; i++) {
      double base = 0.5 + 0.01 * i;
      new JobRun(jdbc, jobs.get(i)).valAccuracy(e -> base + 0.02 * e).finish();
    }

    JsonNode board = api.get("/api/sweeps/" + sweepId + "/leaderboard?limit=5").body();
    JsonNode byLoss =
        api.get("/api/sweeps/" + sweepId + "/leaderboard?metric=train_loss&limit=3").body();

    assertThat(board).hasSize(5);
    assertThat(values(board, "rank")).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0);
    List<Double> value = values(board, "value");
    assertThat(value).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(value.get(0))
        .isEqualTo(0.5 + 0.03 + 0.12, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(board.get(0).get("params").get("epochs").asInt()).isEqualTo(6);
    assertThat(board.get(0).get("valAccuracy").asDouble()).isEqualTo(value.get(0));
    assertThat(byLoss).hasSize(3);
    assertThat(values(byLoss, "value")).isSorted();
    assertThat(api.get("/api/sweeps/" + sweepId + "/leaderboard").body()).hasSize(10);
    assertProblem(api.get("/api/sweeps/" + sweepId + "/leaderboard?limit=0"), 400, "limit");
    assertProblem(
        api.get("/api/sweeps/" + sweepId + "/leaderboard?metric=accuracy"), 400, "metric");
    assertProblem(api.get("/api/sweeps/8888/leaderboard"), 404, null);
  }

  @Test
  void leaderboardShowsOneRowPerDistinctResultUnlessExpanded() {
    // job 0 at 0.80 from epoch 4 on; nll and cross_entropy are folded into each of its runs
    new JobRun(jdbc, jobs.get(0)).valAccuracy(e -> 0.6 + 0.05 * Math.min(e, 4)).finish();

    JsonNode board = api.get("/api/sweeps/" + sweepId + "/leaderboard").body();
    JsonNode expanded = api.get("/api/sweeps/" + sweepId + "/leaderboard?expand=true").body();

    // 3 epoch counts x 2 losses = 6 trials, 3 distinct results
    assertThat(board).hasSize(3);
    assertThat(values(board, "rank")).containsExactly(1.0, 2.0, 3.0);
    JsonNode first = board.get(0);
    long nll = trialOf(jobs.get(0), 4, "nll");
    long xent = trialOf(jobs.get(0), 4, "cross_entropy");
    assertThat(first.get("trialId").asLong()).isEqualTo(Math.min(nll, xent));
    assertThat(first.get("trialIds"))
        .extracting(JsonNode::asLong)
        .containsExactlyInAnyOrder(nll, xent);
    assertThat(first.get("folded").get("loss"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("nll", "cross_entropy");
    assertThat(first.get("folded").size()).isEqualTo(1);
    assertThat(first.get("value").asDouble()).isEqualTo(0.8);
    // the 6-epoch run ties at 0.80 and ranks after by its lower trial id; 2 epochs is last
    assertThat(board.get(2).get("epochs").asInt()).isEqualTo(2);

    assertThat(expanded).hasSize(6);
    assertThat(values(expanded, "rank")).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
    assertThat(expanded.get(0).get("trialIds")).hasSize(1);
    assertThat(expanded.get(0).get("folded").size()).isZero();
  }

  private long trialOf(long jobId, int epochs, String loss) {
    return jdbc.queryForObject(
        "SELECT id FROM trial WHERE job_id = ? AND epochs = ? AND params->>'loss' = ?",
        Long.class,
        jobId,
        epochs,
        loss);
  }

  private static List<Double> values(JsonNode array, String field) {
    return StreamSupport.stream(array.spliterator(), false)
        .map(n -> n.get(field).asDouble())
        .toList();
  }
}
