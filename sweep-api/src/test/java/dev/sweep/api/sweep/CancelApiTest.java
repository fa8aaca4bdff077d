package dev.sweep.api.sweep;

import static dev.sweep.api.sweep.TrialsApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.job.SweepStatusRollup;
import dev.sweep.api.support.ApiIntegrationTest;
import dev.sweep.api.support.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@ApiIntegrationTest
class CancelApiTest {
  @Autowired TestRestTemplate rest;
  @Autowired ObjectMapper json;
  @Autowired JdbcTemplate jdbc;
  @Autowired SweepStatusRollup rollup;
  @Autowired TransactionTemplate tx;
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
  void cancelsQueuedJobsAndAsksRunningOnesToStop() {
    new JobRun(jdbc, jobs.get(0)).finish();
    new JobRun(jdbc, jobs.get(1)).runTo(2);
    new JobRun(jdbc, jobs.get(2)).runTo(5);
    jdbc.update(
        "UPDATE trial SET status = 'SUCCEEDED' WHERE job_id = ? AND epochs = 2", jobs.get(1));
    refresh();

    Api.Answer answer = api.post("/api/sweeps/" + sweepId + "/cancel", null, null);

    assertThat(answer.code()).isEqualTo(200);
    JsonNode sweep = answer.body();
    assertThat(sweep.get("status").asText()).isEqualTo("RUNNING");
    assertThat(sweep.get("cancelRequestedAt").asText()).isNotBlank();
    assertThat(sweep.at("/counts/CANCELLED").asInt()).isEqualTo(13 * 6);
    assertThat(sweep.at("/counts/SUCCEEDED").asInt()).isEqualTo(6 + 2);
    assertThat(sweep.at("/counts/RUNNING").asInt()).isEqualTo(4 + 6);
    assertThat(jobStatuses())
        .containsExactly("SUCCEEDED false", "RUNNING true", "RUNNING true")
        .hasSize(3);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM job WHERE sweep_id = ? AND status = 'CANCELLED'"
                    + " AND finished_at IS NOT NULL",
                Integer.class,
                sweepId))
        .isEqualTo(13);
    assertThat(events("job")).isEqualTo(13 + 2);
    assertThat(api.get("/api/jobs/" + jobs.get(1)).body().get("cancelRequested").asBoolean())
        .isTrue();
  }

  @Test
  void aSecondCancelChangesNothing() {
    new JobRun(jdbc, jobs.get(0)).runTo(1);
    JsonNode first = api.post("/api/sweeps/" + sweepId + "/cancel", null, null).body();
    int eventsAfterFirst = events(null);

    Api.Answer again = api.post("/api/sweeps/" + sweepId + "/cancel", null, null);

    assertThat(again.code()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first);
    assertThat(events(null)).isEqualTo(eventsAfterFirst);
  }

  @Test
  void aSweepWithOnlyQueuedJobsIsCancelledAtOnce() {
    JsonNode sweep = api.post("/api/sweeps/" + sweepId + "/cancel", null, null).body();

    assertThat(sweep.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(sweep.get("finishedAt").asText()).isNotBlank();
    assertThat(sweep.at("/counts/CANCELLED").asInt()).isEqualTo(96);
    assertThat(events("sweep")).isEqualTo(2);
  }

  @Test
  void theSweepEndsCancelledOnceRunningJobsRelease() {
    new JobRun(jdbc, jobs.get(0)).runTo(1);
    api.post("/api/sweeps/" + sweepId + "/cancel", null, null);

    // what the job queue does when the worker releases a job it was asked to stop
    jdbc.update("UPDATE job SET status = 'CANCELLED' WHERE id = ?", jobs.get(0));
    refresh();

    assertThat(api.get("/api/sweeps/" + sweepId).body().get("status").asText())
        .isEqualTo("CANCELLED");
  }

  @Test
  void cancellingAFinishedSweepChangesNothing() {
    jobs.forEach(id -> new JobRun(jdbc, id).finish());
    refresh();

    JsonNode sweep = api.post("/api/sweeps/" + sweepId + "/cancel", null, null).body();

    assertThat(sweep.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(sweep.get("cancelRequestedAt").isNull()).isTrue();
  }

  @Test
  void unknownSweepIs404() {
    assertProblem(api.post("/api/sweeps/31337/cancel", null, null), 404, null);
  }

  private void refresh() {
    tx.executeWithoutResult(s -> rollup.refresh(sweepId));
  }

  private List<String> jobStatuses() {
    return jdbc.queryForList(
        "SELECT status || ' ' || cancel_requested FROM job WHERE sweep_id = ?"
            + " AND status <> 'CANCELLED' ORDER BY id",
        String.class,
        sweepId);
  }

  private int events(String type) {
    return type == null
        ? jdbc.queryForObject(
            "SELECT count(*) FROM sweep_event WHERE sweep_id = ?", Integer.class, sweepId)
        : jdbc.queryForObject(
            "SELECT count(*) FROM sweep_event WHERE sweep_id = ? AND type = ?",
            Integer.class,
            sweepId,
            type);
  }
}
