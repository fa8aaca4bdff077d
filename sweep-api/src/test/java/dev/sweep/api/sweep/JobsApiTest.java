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
class JobsApiTest {
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
  void listsASweepsJobsWithTheTrialsEachServes() {
    JsonNode jobs = api.get("/api/sweeps/" + sweepId + "/jobs").body();

    assertThat(jobs).hasSize(16);
    for (JsonNode job : jobs) {
      assertThat(job.get("sweepId").asLong()).isEqualTo(sweepId);
      assertThat(job.get("status").asText()).isEqualTo("QUEUED");
      assertThat(job.get("attempt").asInt()).isEqualTo(1);
      assertThat(job.get("maxAttempts").asInt()).isEqualTo(3);
      assertThat(job.get("currentEpoch").asInt()).isZero();
      assertThat(job.get("plannedEpochs").asInt()).isEqualTo(6);
      assertThat(job.get("workerId").isNull()).isTrue();
      // nll and cross_entropy, each at 2, 4 and 6 epochs
      assertThat(epochs(job)).containsExactly(2, 2, 4, 4, 6, 6);
    }
    List<Long> served =
        StreamSupport.stream(jobs.spliterator(), false)
            .flatMap(j -> StreamSupport.stream(j.get("trials").spliterator(), false))
            .map(t -> t.get("trialId").asLong())
            .toList();
    assertThat(served).hasSize(96).doesNotHaveDuplicates();
  }

  @Test
  void showsOneJobsProgressAndWorker() {
    long jobId =
        jdbc.queryForObject("SELECT max(id) FROM job WHERE sweep_id = ?", Long.class, sweepId);
    new JobRun(jdbc, jobId).runTo(3);

    JsonNode job = api.get("/api/jobs/" + jobId).body();

    assertThat(job.get("id").asLong()).isEqualTo(jobId);
    assertThat(job.get("status").asText()).isEqualTo("RUNNING");
    assertThat(job.get("workerId").asText()).isEqualTo("test-worker");
    assertThat(job.get("currentEpoch").asInt()).isEqualTo(3);
    assertThat(job.get("plannedEpochs").asInt()).isEqualTo(6);
    assertThat(job.get("leaseExpiresAt").asText()).isNotBlank();
    assertThat(job.get("startedAt").asText()).isNotBlank();
    assertThat(job.get("cancelRequested").asBoolean()).isFalse();
    assertThat(epochs(job)).containsExactly(2, 2, 4, 4, 6, 6);
    JsonNode running = api.get("/api/sweeps/" + sweepId + "/jobs?status=RUNNING").body();
    assertThat(running)
        .singleElement()
        .satisfies(j -> assertThat(j.get("id").asLong()).isEqualTo(jobId));
    assertThat(api.get("/api/sweeps/" + sweepId).body().at("/progress/epochsDone").asInt())
        .isEqualTo(3);
  }

  @Test
  void unknownIdsAre404AndBadStatusIs400() {
    assertProblem(api.get("/api/jobs/777777"), 404, null);
    assertProblem(api.get("/api/sweeps/777777/jobs"), 404, null);
    assertProblem(api.get("/api/sweeps/" + sweepId + "/jobs?status=WAITING"), 400, "status");
    assertProblem(api.get("/api/jobs/abc"), 400, null);
  }

  private static List<Integer> epochs(JsonNode job) {
    return StreamSupport.stream(job.get("trials").spliterator(), false)
        .map(t -> t.get("epochs").asInt())
        .toList();
  }
}
