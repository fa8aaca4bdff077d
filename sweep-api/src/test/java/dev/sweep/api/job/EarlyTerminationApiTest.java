package dev.sweep.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.contract.EpochReport;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.LeaseStatus;
import dev.sweep.contract.TestMetrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Early termination through the worker protocol: the decision is made in the transaction that
 * stores a rung's epoch, the report's answer tells the worker, the trial says why, and a resume
 * trains the job on from its checkpoint.
 */
class EarlyTerminationApiTest extends JobApiTest {

  private long sweep(String earlyTerminate) {
    long sweepId = fixtures.sweep();
    jdbc.update(
        "UPDATE sweep SET definition = jsonb_build_object('early_terminate', ?::jsonb)"
            + " WHERE id = ?",
        earlyTerminate,
        sweepId);
    return sweepId;
  }

  /** A report whose validation accuracy is {@code valAccuracy}; test metrics when asked. */
  private static EpochReport at(long token, int epoch, double valAccuracy, boolean withTest) {
    return new EpochReport(
        token,
        epoch,
        0.5,
        0.8,
        0.6,
        valAccuracy,
        1,
        1000,
        withTest ? new TestMetrics(0.6, valAccuracy) : null,
        false);
  }

  @Test
  void aJobBelowTheTopOneOverEtaAtARungIsPrunedInTheReportsTransaction() {
    long sweepId = sweep("{\"type\": \"hyperband\", \"min_iter\": 1, \"eta\": 2}");
    JobFixtures.JobRow good = fixtures.job(sweepId, 4);
    // the weak job serves a trial ending at the rung and two longer ones (prefix sharing)
    JobFixtures.JobRow weak = fixtures.job(sweepId, 1, 2, 4);
    JobAssignment a = claim("w1");
    JobAssignment b = claim("w2");
    assertThat(a.jobId()).isEqualTo(good.jobId());

    LeaseStatus first = leaseStatus(report(good.jobId(), at(a.leaseToken(), 1, 0.80, false)));
    assertThat(first.pruned()).isFalse();
    upload(weak.jobId(), 1, b.leaseToken(), new byte[] {1, 2, 3});
    LeaseStatus second = leaseStatus(report(weak.jobId(), at(b.leaseToken(), 1, 0.70, true)));

    assertThat(second.pruned()).isTrue();
    assertThat(job(weak.jobId()))
        .containsEntry("status", "PRUNED")
        .containsEntry("lease_token", null);
    // the trial that ended at the rung keeps its result; the longer ones are PRUNED
    assertThat(trialStatuses(weak.jobId())).containsExactly("SUCCEEDED", "PRUNED", "PRUNED");
    assertThat(job(good.jobId())).containsEntry("status", "RUNNING");
    // the worker hears nothing more from its lease: heartbeat and reports are refused
    assertStale(heartbeat(weak.jobId(), b.leaseToken(), 1));
    assertStale(report(weak.jobId(), at(b.leaseToken(), 2, 0.75, true)));

    JsonNode trial = get("/api/trials/" + weak.trialIds().get(1));
    assertThat(trial.path("status").asText()).isEqualTo("PRUNED");
    JsonNode why = trial.path("pruned");
    assertThat(why.path("rule").asText()).isEqualTo("hyperband");
    assertThat(why.path("rung").asInt()).isEqualTo(1);
    assertThat(why.path("metric").asText()).isEqualTo("val_accuracy");
    assertThat(why.path("value").asDouble()).isEqualTo(0.70);
    assertThat(why.path("cutoff").asDouble()).isEqualTo(0.80);
    assertThat(why.path("compared").asInt()).isEqualTo(1);
    JsonNode ended = get("/api/trials/" + weak.trialIds().get(0));
    assertThat(ended.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(ended.path("pruned").isNull()).isTrue();
    assertThat(last(events(sweepId, "job")).path("status").asText()).isEqualTo("PRUNED");
  }

  @Test
  void aResumedJobTrainsOnFromItsCheckpointAndIsNotJudgedAgain() {
    long sweepId = sweep("{\"type\": \"asha\", \"min_iter\": 1, \"eta\": 2}");
    JobFixtures.JobRow good = fixtures.job(sweepId, 4);
    JobFixtures.JobRow weak = fixtures.job(sweepId, 4);
    JobAssignment a = claim("w1");
    JobAssignment b = claim("w2");
    leaseStatus(report(good.jobId(), at(a.leaseToken(), 1, 0.80, false)));
    upload(weak.jobId(), 1, b.leaseToken(), new byte[] {1, 2, 3});
    assertThat(leaseStatus(report(weak.jobId(), at(b.leaseToken(), 1, 0.70, false))).pruned())
        .isTrue();
    long trialId = weak.trialIds().get(0);

    JsonNode resumed = read(post("/api/trials/" + trialId + "/resume", null), JsonNode.class);
    assertThat(resumed.path("status").asText()).isEqualTo("QUEUED");
    assertThat(resumed.path("pruned").isNull()).isTrue();
    assertThat(job(weak.jobId())).containsEntry("status", "QUEUED");

    JobAssignment again = claim("w2");
    assertThat(again.jobId()).isEqualTo(weak.jobId());
    assertThat(again.resumeFromEpoch()).isEqualTo(1);
    // rung 2: the good job is at 0.9 there, the resumed one below it, and it goes on regardless
    leaseStatus(report(good.jobId(), at(a.leaseToken(), 2, 0.90, false)));
    assertThat(leaseStatus(report(weak.jobId(), at(again.leaseToken(), 2, 0.72, false))).pruned())
        .isFalse();
    assertThat(job(weak.jobId())).containsEntry("status", "RUNNING");
    // a second resume of a trial that is not PRUNED is a conflict
    assertThat(post("/api/trials/" + trialId + "/resume", null).getStatusCode())
        .isEqualTo(HttpStatus.CONFLICT);
  }

  @Test
  void medianStopsAJobWorseThanTheOthersMedianAfterWarmup() {
    long sweepId = sweep("{\"type\": \"median\", \"warmup_epochs\": 1, \"min_trials\": 2}");
    List<Long> jobs = fixtures.queue(sweepId, 4, 3);
    List<JobAssignment> claims = List.of(claim("w1"), claim("w2"), claim("w3"), claim("w4"));
    double[] values = {0.6, 0.8, 0.7, 0.65};
    for (int i = 0; i < 4; i++) {
      // epoch 1 is warm-up: nobody is judged, however low
      assertThat(
              leaseStatus(report(jobs.get(i), at(claims.get(i).leaseToken(), 1, 0.1, false)))
                  .pruned())
          .isFalse();
    }
    boolean[] pruned = new boolean[4];
    for (int i = 0; i < 4; i++) {
      pruned[i] =
          leaseStatus(report(jobs.get(i), at(claims.get(i).leaseToken(), 2, values[i], false)))
              .pruned();
    }
    // 0.6 and 0.8: fewer than min_trials others; 0.7 vs median(0.6, 0.8) = 0.7 goes on;
    // 0.65 vs median(0.6, 0.8, 0.7) = 0.7 stops
    assertThat(pruned).containsExactly(false, false, false, true);
    Map<String, Object> decision =
        jdbc.queryForMap("SELECT * FROM prune_decision WHERE job_id = ?", jobs.get(3));
    assertThat(decision)
        .containsEntry("rule", "median")
        .containsEntry("rung", 2)
        .containsEntry("cutoff", 0.7)
        .containsEntry("compared", 3);
  }

  @Test
  void aSweepWithoutARuleOrAJobAtItsLastEpochIsNeverPruned() {
    long plain = fixtures.sweep();
    JobFixtures.JobRow first = fixtures.job(plain, 2);
    JobFixtures.JobRow second = fixtures.job(plain, 2);
    JobAssignment a = claim("w1");
    JobAssignment b = claim("w2");
    leaseStatus(report(first.jobId(), at(a.leaseToken(), 1, 0.9, false)));
    assertThat(leaseStatus(report(second.jobId(), at(b.leaseToken(), 1, 0.1, false))).pruned())
        .isFalse();

    long ruled = sweep("{\"type\": \"hyperband\", \"min_iter\": 1, \"eta\": 2}");
    JobFixtures.JobRow shortGood = fixtures.job(ruled, 1);
    JobFixtures.JobRow shortWeak = fixtures.job(ruled, 1);
    JobAssignment c = claim("w3");
    JobAssignment d = claim("w4");
    leaseStatus(report(shortGood.jobId(), at(c.leaseToken(), 1, 0.9, true)));
    // epoch 1 is a rung but also the job's last: there is nothing left to save
    assertThat(leaseStatus(report(shortWeak.jobId(), at(d.leaseToken(), 1, 0.1, true))).pruned())
        .isFalse();
    assertThat(trialStatuses(shortWeak.jobId())).containsExactly("SUCCEEDED");
  }

  private static JsonNode last(List<JsonNode> nodes) {
    return nodes.get(nodes.size() - 1);
  }

  private JsonNode get(String path) {
    ResponseEntity<String> response = http.getForEntity(path, String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    return read(response, JsonNode.class);
  }
}
