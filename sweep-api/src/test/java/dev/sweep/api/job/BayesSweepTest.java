package dev.sweep.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.api.support.TestDatabase;
import dev.sweep.api.sweep.Api;
import dev.sweep.contract.ClaimRequest;
import dev.sweep.contract.EpochReport;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.TestMetrics;
import dev.sweep.contract.TrainingConfig;
import dev.sweep.contract.WorkerPaths;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * {@code method: bayes} against the real API and database: trials are created as slots free up (two
 * ahead of the workers, sweep.search.pending-trials), never past run_cap, an idle worker gets a
 * freshly sampled one, and the same completion order gives the same trials. The worker here reports
 * a synthetic metric computed from the configuration it was given; nothing trains.
 */
class BayesSweepTest extends JobApiTest {
  static final String BAYES =
      """
      name: tpe
      method: bayes
      run_cap: 6
      metric: {name: val_accuracy, goal: maximize}
      dataset: {train_limit: 1000}
      parameters:
        learning_rate: {min: 0.0001, max: 0.1, distribution: log_uniform}
        optimizer: {values: [adam, sgd, rmsprop]}
        epochs: {value: 2}
      """;

  Api api() {
    return new Api(http, json);
  }

  Optional<JobAssignment> tryClaim(String worker) {
    ResponseEntity<String> response = post(WorkerPaths.CLAIM, new ClaimRequest(worker, 0));
    if (response.getStatusCode() == HttpStatus.NO_CONTENT) {
      return Optional.empty();
    }
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    return Optional.of(read(response, JobAssignment.class));
  }

  /** Best near learning rate 0.003 with adam. */
  static double accuracy(TrainingConfig c, int epoch) {
    double d = Math.log10(c.learningRate()) - Math.log10(0.003);
    return 0.9 - 0.05 * d * d - (c.optimizer().equals("adam") ? 0 : 0.1) - 0.01 / epoch;
  }

  void train(JobAssignment job) {
    for (int e = 1; e <= job.plannedEpochs(); e++) {
      double acc = accuracy(job.config(), e);
      leaseStatus(
          report(
              job.jobId(),
              new EpochReport(
                  job.leaseToken(),
                  e,
                  1 - acc,
                  acc,
                  1 - acc,
                  acc,
                  1.0,
                  1000,
                  e == job.plannedEpochs() ? new TestMetrics(1 - acc, acc) : null,
                  false)));
    }
    assertThat(complete(job.jobId(), job.leaseToken()).getStatusCode().is2xxSuccessful()).isTrue();
  }

  int trials(long sweepId) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM trial WHERE sweep_id = ?", Integer.class, sweepId);
  }

  List<String> params(long sweepId) {
    return jdbc.queryForList(
        "SELECT params::text FROM trial WHERE sweep_id = ? ORDER BY id", String.class, sweepId);
  }

  @Test
  void trialsAreCreatedAsSlotsFreeUpUntilRunCap() {
    JsonNode dry = api().postYaml("/api/sweeps?dryRun=true", BAYES).body();
    assertThat(dry.path("trials").asInt()).isEqualTo(2);
    assertThat(dry.path("sampledLater").asInt()).isEqualTo(4);

    long sweep = api().create(BAYES);
    assertThat(trials(sweep)).isEqualTo(2);
    int trained = 0;
    Optional<JobAssignment> job;
    while ((job = tryClaim("w1")).isPresent()) {
      // one running, and one queued ahead of the worker, until run_cap
      assertThat(trials(sweep)).isEqualTo(Math.min(6, trained + 2));
      train(job.get());
      trained++;
      assertThat(trials(sweep)).isEqualTo(Math.min(6, trained + 2));
    }
    assertThat(trained).isEqualTo(6);
    assertThat(sweepStatus(sweep)).isEqualTo("SUCCEEDED");
    assertThat(
            jdbc.queryForObject(
                "SELECT trial_count || '/' || job_count || '/' || epochs_planned FROM sweep"
                    + " WHERE id = ?",
                String.class,
                sweep))
        .isEqualTo("6/6/12");
    assertThat(params(sweep)).doesNotHaveDuplicates();
  }

  @Test
  void anIdleWorkerGetsAFreshlySampledTrial() {
    long sweep = api().create(BAYES);
    JobAssignment a = tryClaim("w1").orElseThrow();
    JobAssignment b = tryClaim("w2").orElseThrow();
    // both pending trials run: the third worker's claim samples one more
    JobAssignment c = tryClaim("w3").orElseThrow();
    assertThat(List.of(a.jobId(), b.jobId(), c.jobId())).doesNotHaveDuplicates();
    assertThat(trials(sweep)).isEqualTo(3);
    assertThat(c.config()).isNotEqualTo(a.config()).isNotEqualTo(b.config());
  }

  @Test
  void theSameCompletionOrderGivesTheSameTrials() {
    List<String> first = runToTheEnd();
    TestDatabase.reset(jdbc);
    List<String> second = runToTheEnd();
    assertThat(first).hasSize(6);
    assertThat(second).isEqualTo(first);
  }

  private List<String> runToTheEnd() {
    long sweep = api().create(BAYES);
    Optional<JobAssignment> job;
    while ((job = tryClaim("w1")).isPresent()) {
      train(job.get());
    }
    return params(sweep);
  }
}
