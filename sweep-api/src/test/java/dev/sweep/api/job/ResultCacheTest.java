package dev.sweep.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.api.sweep.Api;
import dev.sweep.contract.ClaimRequest;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.TrialTarget;
import dev.sweep.contract.WorkerPaths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The result cache across sweeps: a second sweep of the same configurations is served by the first
 * one's finished runs without a claim, with its epoch rows copied, marked reused and linked to the
 * job that trained them; {@code cache: false} trains again.
 */
class ResultCacheTest extends JobApiTest {
  static final String GRID =
      """
      name: %s
      %s
      dataset: {train_limit: 1000}
      parameters:
        learning_rate: {values: [0.01, 0.001]}
        loss: {values: [nll, cross_entropy]}
        epochs: {values: [2, 3]}
      """;

  Api api() {
    return new Api(http, json);
  }

  long create(String name, String extra) {
    return api().create(GRID.formatted(name, extra));
  }

  /** A worker that trains every queued job to its last epoch; returns the epochs it reported. */
  int trainEverything() {
    int epochs = 0;
    ResponseEntity<String> response;
    while ((response = post(WorkerPaths.CLAIM, new ClaimRequest("w1", 0))).getStatusCode()
        == HttpStatus.OK) {
      JobAssignment job = read(response, JobAssignment.class);
      List<Integer> ends = job.trials().stream().map(TrialTarget::epochs).toList();
      for (int e = 1; e <= job.plannedEpochs(); e++) {
        leaseStatus(report(job.jobId(), epoch(job.leaseToken(), e, ends.contains(e))));
        epochs++;
      }
      assertThat(complete(job.jobId(), job.leaseToken()).getStatusCode().is2xxSuccessful())
          .isTrue();
    }
    return epochs;
  }

  @Test
  void aSecondIdenticalSweepTrainsNothingAndLinksWhereItsEpochsCameFrom() {
    long first = create("first", "");
    assertThat(trainEverything()).isEqualTo(6);
    assertThat(sweepStatus(first)).isEqualTo("SUCCEEDED");

    JsonNode dry = api().postYaml("/api/sweeps?dryRun=true", GRID.formatted("second", "")).body();
    assertThat(dry.path("jobs").asInt()).isEqualTo(2);
    assertThat(dry.path("cacheHits").asInt()).isEqualTo(2);
    assertThat(dry.path("epochsFromCache").asLong()).isEqualTo(6);
    assertThat(dry.path("epochsToTrain").asLong()).isZero();

    long second = create("second", "");
    assertThat(sweepStatus(second)).isEqualTo("SUCCEEDED");
    assertThat(trainEverything()).isZero();
    List<Map<String, Object>> jobs =
        jdbc.queryForList(
            "SELECT n.id, n.status, n.current_epoch, n.reused_from_job_id, o.sweep_id AS origin"
                + " FROM job n JOIN job o ON o.id = n.reused_from_job_id"
                + " WHERE n.sweep_id = ? ORDER BY n.id",
            second);
    assertThat(jobs).hasSize(2);
    assertThat(jobs)
        .allSatisfy(
            j -> {
              assertThat(j).containsEntry("status", "SUCCEEDED").containsEntry("current_epoch", 3);
              assertThat(j.get("origin")).isEqualTo(first);
            });
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FILTER (WHERE e.reused AND e.reused_from_job_id = j.reused_from_job_id)"
                    + " || '/' || count(*) FROM epoch_metric e JOIN job j ON j.id = e.job_id"
                    + " WHERE j.sweep_id = ?",
                String.class,
                second))
        .isEqualTo("6/6");
    // every trial has the results the first sweep's trial of the same identity has
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM trial b JOIN trial a ON a.identity = b.identity"
                    + " AND a.sweep_id = ? WHERE b.sweep_id = ? AND b.status = 'SUCCEEDED'"
                    + " AND b.val_accuracy = a.val_accuracy AND b.test_accuracy = a.test_accuracy"
                    + " AND b.train_loss = a.train_loss",
                Integer.class,
                first,
                second))
        .isEqualTo(8);
    assertThat(events(second, "job"))
        .extracting(e -> e.path("status").asText())
        .containsExactly("SUCCEEDED", "SUCCEEDED");
    assertThat(events(second, "trial")).hasSize(8);

    // a third sweep links to the run that trained, not to the copy
    long third = create("third", "");
    assertThat(
            jdbc.queryForList(
                "SELECT DISTINCT o.sweep_id FROM job n JOIN job o ON o.id = n.reused_from_job_id"
                    + " WHERE n.sweep_id = ?",
                Long.class,
                third))
        .containsExactly(first);
  }

  @Test
  void cacheFalseTrainsAgainAndLongerOrOtherRunsAreNotServed() {
    create("first", "");
    trainEverything();

    JsonNode dry =
        api().postYaml("/api/sweeps?dryRun=true", GRID.formatted("off", "cache: false")).body();
    assertThat(dry.path("cacheHits").asInt()).isZero();
    long off = create("off", "cache: false");
    assertThat(sweepStatus(off)).isEqualTo("QUEUED");
    assertThat(trainEverything()).isEqualTo(6);

    // 4 epochs: the finished runs stop at 3, so nothing can serve it
    String longer = GRID.formatted("longer", "").replace("[2, 3]", "[2, 4]");
    assertThat(api().postYaml("/api/sweeps?dryRun=true", longer).body().path("cacheHits").asInt())
        .isZero();
    // a trial ending at epoch 1 has no test metrics in the finished runs: not served either
    String shorter = GRID.formatted("shorter", "").replace("[2, 3]", "[1, 3]");
    assertThat(api().postYaml("/api/sweeps?dryRun=true", shorter).body().path("cacheHits").asInt())
        .isZero();
    // a run whose first trials end within the finished ones' is: epoch 2 only
    String prefix = GRID.formatted("prefix", "").replace("[2, 3]", "[2]");
    JsonNode served = api().postYaml("/api/sweeps?dryRun=true", prefix).body();
    assertThat(served.path("cacheHits").asInt()).isEqualTo(2);
    assertThat(served.path("epochsFromCache").asLong()).isEqualTo(4);
  }
}
