package dev.sweep.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sweep.contract.EpochReport;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.LeaseStatus;
import dev.sweep.contract.WorkerPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * The report of a job's planned last epoch marked {@code complete}: it stores the epoch and ends
 * the job SUCCEEDED in one transaction, as report + POST complete did in two calls.
 */
class CompletingReportTest extends JobApiTest {

  @Test
  void aCompletingReportEndsTheJobTheTrialsAndTheSweepInOneCall() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 1, 2);
    JobAssignment a = claim("w1");
    leaseStatus(report(row.jobId(), epoch(a.leaseToken(), 1, true)));
    clock.advance(Duration.ofSeconds(5));
    EpochReport last = completing(epoch(a.leaseToken(), 2, true));

    LeaseStatus status = leaseStatus(report(row.jobId(), last));

    assertThat(status.completed()).isTrue();
    assertThat(status.pruned()).isFalse();
    assertThat(job(row.jobId()))
        .containsEntry("status", "SUCCEEDED")
        .containsEntry("error", null)
        .containsEntry("current_epoch", 2)
        .containsEntry("lease_token", null)
        .containsEntry("lease_expires_at", null)
        .containsEntry("worker_id", "w1")
        .containsEntry("finished_at", Timestamp.from(clock.instant()));
    assertThat(trialStatuses(row.jobId())).containsExactly("SUCCEEDED", "SUCCEEDED");
    assertThat(jdbc.queryForMap("SELECT * FROM trial WHERE id = ?", row.trialIds().get(1)))
        .containsEntry("train_loss", last.trainLoss())
        .containsEntry("val_accuracy", last.valAccuracy())
        .containsEntry("test_accuracy", last.test().accuracy())
        .containsEntry("finished_at", Timestamp.from(clock.instant()));
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM epoch_metric WHERE job_id = ?", Integer.class, row.jobId()))
        .isEqualTo(2);
    assertThat(sweepStatus(row.sweepId())).isEqualTo("SUCCEEDED");
    assertThat(events(row.sweepId(), "sweep"))
        .extracting(e -> e.path("status").asText())
        .containsExactly("RUNNING", "SUCCEEDED");
  }

  @Test
  void itWritesTheSameEventsAsAReportFollowedByComplete() {
    JobFixtures.JobRow called = fixtures.job(fixtures.sweep(), 1, 2);
    JobAssignment a = claim("w1");
    leaseStatus(report(called.jobId(), epoch(a.leaseToken(), 1, true)));
    leaseStatus(report(called.jobId(), epoch(a.leaseToken(), 2, true)));
    assertThat(complete(called.jobId(), a.leaseToken()).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);

    JobFixtures.JobRow reported = fixtures.job(fixtures.sweep(), 1, 2);
    JobAssignment b = claim("w1");
    assertThat(b.jobId()).isEqualTo(reported.jobId());
    leaseStatus(report(reported.jobId(), epoch(b.leaseToken(), 1, true)));
    assertThat(
            leaseStatus(report(reported.jobId(), completing(epoch(b.leaseToken(), 2, true))))
                .completed())
        .isTrue();

    // the dashboard's live stream and the sweep's history are these rows: ids aside, the same
    assertThat(eventsWithoutIds(reported.sweepId()))
        .isEqualTo(eventsWithoutIds(called.sweepId()))
        .extracting(e -> e.getKey() + " " + e.getValue().path("status").asText())
        .contains("job SUCCEEDED", "sweep SUCCEEDED");
  }

  @Test
  void completeBeforeThePlannedLastEpochIs400NamingCompleteAndWritesNothing() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 1, 3);
    JobAssignment a = claim("w1");
    String before = everything(row.jobId());

    JsonNode problem =
        problem(
            report(row.jobId(), completing(epoch(a.leaseToken(), 1, true))),
            HttpStatus.BAD_REQUEST);

    assertThat(problem.path("field").asText()).isEqualTo("complete");
    assertThat(problem.path("detail").asText()).contains("complete").contains("3");
    assertThat(everything(row.jobId())).isEqualTo(before);
    assertThat(job(row.jobId())).containsEntry("status", "RUNNING");
  }

  @Test
  void aRepeatOfTheCompletingReportIsRefusedAsStaleAndLeavesTheJobSucceeded() {
    // the answer to the completing report was lost; the worker's client sends it again
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 1);
    JobAssignment a = claim("w1");
    EpochReport last = completing(epoch(a.leaseToken(), 1, true));
    assertThat(leaseStatus(report(row.jobId(), last)).completed()).isTrue();
    String before = everything(row.jobId());

    // the lease ended with the job, as after POST complete: the fence refuses, the worker hears
    // LeaseLost and stops without another call; nothing about the job changes
    assertStale(report(row.jobId(), last));
    assertStale(complete(row.jobId(), a.leaseToken()));

    assertThat(everything(row.jobId())).isEqualTo(before);
    assertThat(job(row.jobId())).containsEntry("status", "SUCCEEDED");
    assertThat(trialStatuses(row.jobId())).containsOnly("SUCCEEDED");
  }

  @Test
  void aReportWithoutTheFieldLeavesTheJobRunningUntilComplete() {
    // an older worker's JSON: no "complete" at all
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 1);
    JobAssignment a = claim("w1");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("leaseToken", a.leaseToken());
    body.put("epoch", 1);
    body.put("trainLoss", 0.5);
    body.put("trainAccuracy", 0.8);
    body.put("valLoss", 0.6);
    body.put("valAccuracy", 0.7);
    body.put("seconds", 2.0);
    body.put("samplesPerSecond", 1000.0);
    body.put("test", Map.of("loss", 0.6, "accuracy", 0.7));

    LeaseStatus status = leaseStatus(post(WorkerPaths.EPOCHS, body, row.jobId()));

    assertThat(status.completed()).isFalse();
    assertThat(job(row.jobId())).containsEntry("status", "RUNNING");
    assertThat(trialStatuses(row.jobId())).containsOnly("SUCCEEDED");
    assertThat(complete(row.jobId(), a.leaseToken()).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(job(row.jobId())).containsEntry("status", "SUCCEEDED");
  }

  @Test
  void aCompletingReportOfAnEpochStoredUnderAnEarlierLeaseStillCompletes() {
    // an older worker reported the last epoch, then lost its lease before its complete call; the
    // next claim trained that epoch again (no checkpoint at it) and reports it completing
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 1);
    JobAssignment first = claim("w1");
    EpochReport stored = epoch(first.leaseToken(), 1, true);
    leaseStatus(report(row.jobId(), stored));
    clock.advance(Duration.ofSeconds(61));
    assertThat(reaper.reap()).isEqualTo(1);
    JobAssignment second = claim("w2");

    LeaseStatus status =
        leaseStatus(report(row.jobId(), completing(epoch(second.leaseToken(), 1, true))));

    assertThat(status.completed()).isTrue();
    assertThat(job(row.jobId()))
        .containsEntry("status", "SUCCEEDED")
        .containsEntry("error", null)
        .containsEntry("worker_id", "w2");
    // the first report of an epoch wins, as for any repeat
    assertThat(trialStatuses(row.jobId())).containsOnly("SUCCEEDED");
    assertThat(
            jdbc.queryForObject(
                "SELECT train_loss FROM epoch_metric WHERE job_id = ?", Double.class, row.jobId()))
        .isEqualTo(stored.trainLoss());
  }

  private static EpochReport completing(EpochReport r) {
    return new EpochReport(
        r.leaseToken(),
        r.epoch(),
        r.trainLoss(),
        r.trainAccuracy(),
        r.valLoss(),
        r.valAccuracy(),
        r.seconds(),
        r.samplesPerSecond(),
        r.test(),
        true);
  }

  /** A sweep's events in order, as (type, payload) with the row ids of jobs and trials left out. */
  private List<Map.Entry<String, JsonNode>> eventsWithoutIds(long sweepId) {
    return jdbc.query(
        "SELECT type, payload::text FROM sweep_event WHERE sweep_id = ? ORDER BY id",
        (rs, i) -> {
          try {
            return Map.entry(rs.getString(1), withoutIds(json.readTree(rs.getString(2))));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        sweepId);
  }

  private static JsonNode withoutIds(JsonNode node) {
    if (node instanceof ObjectNode o) {
      o.remove(List.of("jobId", "trialId", "trialIds", "sweepId"));
      o.forEach(CompletingReportTest::withoutIds);
    } else if (node.isArray()) {
      node.forEach(CompletingReportTest::withoutIds);
    }
    return node;
  }
}
