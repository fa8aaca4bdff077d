package dev.sweep.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.WorkerPaths;
import dev.sweep.contract.WorkerRegistered;
import dev.sweep.contract.WorkerRegistration;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

class JobOutcomeTest extends JobApiTest {

  @Test
  void registrationAnswersTheLeaseTimingAndUpsertsTheWorker() {
    ResponseEntity<String> response =
        post(WorkerPaths.REGISTER, new WorkerRegistration("w1", "host-a", 2, "cpu"));
    WorkerRegistered registered = read(response, WorkerRegistered.class);
    assertThat(registered.leaseDuration()).isEqualTo(Duration.ofSeconds(60));
    assertThat(registered.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));

    clock.advance(Duration.ofMinutes(1));
    post(WorkerPaths.REGISTER, new WorkerRegistration("w1", "host-b", 4, "cpu"));

    assertThat(jdbc.queryForMap("SELECT * FROM worker WHERE id = 'w1'"))
        .containsEntry("hostname", "host-b")
        .containsEntry("slots", 4)
        .containsEntry("last_seen_at", Timestamp.from(clock.instant()));
    assertThat(
            problem(
                    post(WorkerPaths.REGISTER, new WorkerRegistration(" ", "h", 1, "cpu")),
                    HttpStatus.BAD_REQUEST)
                .path("field")
                .asText())
        .isEqualTo("workerId");
  }

  @Test
  void completingAJobSucceedsItAndTheSweep() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 1, 2);
    JobAssignment a = claim("w1");
    assertThat(sweepStatus(row.sweepId())).isEqualTo("RUNNING");
    leaseStatus(report(row.jobId(), epoch(a.leaseToken(), 1, true)));
    leaseStatus(report(row.jobId(), epoch(a.leaseToken(), 2, true)));
    clock.advance(Duration.ofSeconds(5));

    assertThat(complete(row.jobId(), a.leaseToken()).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);

    assertThat(job(row.jobId()))
        .containsEntry("status", "SUCCEEDED")
        .containsEntry("error", null)
        .containsEntry("lease_token", null)
        .containsEntry("lease_expires_at", null)
        .containsEntry("worker_id", "w1")
        .containsEntry("finished_at", Timestamp.from(clock.instant()));
    assertThat(trialStatuses(row.jobId())).containsOnly("SUCCEEDED");
    assertThat(
            jdbc.queryForMap("SELECT status, finished_at FROM sweep WHERE id = ?", row.sweepId()))
        .containsEntry("status", "SUCCEEDED")
        .containsEntry("finished_at", Timestamp.from(clock.instant()));
    assertThat(events(row.sweepId(), "sweep"))
        .extracting(e -> e.path("status").asText())
        .containsExactly("RUNNING", "SUCCEEDED");
    assertStale(complete(row.jobId(), a.leaseToken()));
  }

  @Test
  void completingWithoutSomeEpochsFailsTheTrialsThatGotNoMetrics() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 1, 3);
    JobAssignment a = claim("w1");
    leaseStatus(report(row.jobId(), epoch(a.leaseToken(), 1, true)));

    complete(row.jobId(), a.leaseToken());

    assertThat(job(row.jobId())).containsEntry("status", "SUCCEEDED");
    assertThat((String) job(row.jobId()).get("error"))
        .contains("no metrics were reported for epochs 3")
        .contains(String.valueOf(row.trialIds().get(1)));
    assertThat(trialStatuses(row.jobId())).containsExactly("SUCCEEDED", "FAILED");
  }

  @Test
  void aRetryableFailureRequeuesWithTheNextAttemptUntilAttemptsRunOut() {
    JobFixtures.JobRow row = fixtures.jobWithAttempts(fixtures.sweep(), 2, 5);
    JobAssignment a = claim("w1");

    assertThat(fail(row.jobId(), a.leaseToken(), "CUDA error", true).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(job(row.jobId()))
        .containsEntry("status", "QUEUED")
        .containsEntry("attempt", 2)
        .containsEntry("error", "CUDA error")
        .containsEntry("lease_token", null);
    assertThat(trialStatuses(row.jobId())).containsOnly("QUEUED");
    assertThat(sweepStatus(row.sweepId())).isEqualTo("RUNNING");

    JobAssignment b = claim("w2");
    assertThat(b.attempt()).isEqualTo(2);
    fail(row.jobId(), b.leaseToken(), "CUDA error again", true);

    assertThat(job(row.jobId()))
        .containsEntry("status", "FAILED")
        .containsEntry("error", "CUDA error again");
    assertThat(trialStatuses(row.jobId())).containsOnly("FAILED");
    assertThat(sweepStatus(row.sweepId())).isEqualTo("FAILED");
  }

  @Test
  void aNonRetryableFailureFailsAtOnce() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 5);
    JobAssignment a = claim("w1");

    fail(row.jobId(), a.leaseToken(), "loss became NaN", false);

    assertThat(job(row.jobId()))
        .containsEntry("status", "FAILED")
        .containsEntry("attempt", 1)
        .containsEntry("error", "loss became NaN");
    assertThat(sweepStatus(row.sweepId())).isEqualTo("FAILED");
  }

  @Test
  void releaseRequeuesUnderTheSameAttempt() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 5);
    JobAssignment a = claim("w1");
    leaseStatus(report(row.jobId(), epoch(a.leaseToken(), 1, false)));

    assertThat(release(row.jobId(), a.leaseToken()).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);

    assertThat(job(row.jobId()))
        .containsEntry("status", "QUEUED")
        .containsEntry("attempt", 1)
        .containsEntry("current_epoch", 1)
        .containsEntry("lease_token", null);
    assertThat(trialStatuses(row.jobId())).containsOnly("QUEUED");
    assertThat(claim("w2").attempt()).isEqualTo(1);
  }

  @Test
  void aCancelRequestReachesTheWorkerAndItsReleaseCancelsTheJob() {
    long sweep = fixtures.sweep();
    JobFixtures.JobRow row = fixtures.job(sweep, 2, 5);
    JobAssignment a = claim("w1");
    leaseStatus(report(row.jobId(), epoch(a.leaseToken(), 2, true)));
    fixtures.requestCancel(row.jobId());

    assertThat(leaseStatus(heartbeat(row.jobId(), a.leaseToken(), 2)).cancelRequested()).isTrue();
    assertThat(leaseStatus(report(row.jobId(), epoch(a.leaseToken(), 3, false))).cancelRequested())
        .isTrue();
    release(row.jobId(), a.leaseToken());

    assertThat(job(row.jobId())).containsEntry("status", "CANCELLED");
    assertThat(trialStatuses(row.jobId())).containsExactly("SUCCEEDED", "CANCELLED");
    assertThat(sweepStatus(sweep)).isEqualTo("CANCELLED");
  }

  @Test
  void aFailureAfterACancelRequestCancelsInsteadOfRetrying() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 5);
    JobAssignment a = claim("w1");
    fixtures.requestCancel(row.jobId());

    fail(row.jobId(), a.leaseToken(), "interrupted", true);

    assertThat(job(row.jobId())).containsEntry("status", "CANCELLED").containsEntry("attempt", 1);
    assertThat(trialStatuses(row.jobId())).containsOnly("CANCELLED");
  }

  @Test
  void theSweepStaysRunningUntilItsLastJobEndsAndFailsIfAnyJobFailed() {
    long sweep = fixtures.sweep();
    JobFixtures.JobRow one = fixtures.job(sweep, 1);
    JobFixtures.JobRow two = fixtures.job(sweep, 1);
    assertThat(sweepStatus(sweep)).isEqualTo("QUEUED");

    JobAssignment a = claim("w1");
    leaseStatus(report(one.jobId(), epoch(a.leaseToken(), 1, true)));
    complete(one.jobId(), a.leaseToken());
    assertThat(sweepStatus(sweep)).isEqualTo("RUNNING");

    JobAssignment b = claim("w1");
    assertThat(b.jobId()).isEqualTo(two.jobId());
    fail(two.jobId(), b.leaseToken(), "bad config", false);
    assertThat(sweepStatus(sweep)).isEqualTo("FAILED");
  }

  @Test
  void jobsEndingAtTheSameMomentStillFinishTheSweep() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      endTogether(pool);
    } finally {
      pool.shutdownNow();
    }
  }

  private void endTogether(ExecutorService pool) throws Exception {
    for (int round = 0; round < 10; round++) {
      long sweep = fixtures.sweep();
      List<JobAssignment> leases = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        fixtures.job(sweep, 1);
      }
      for (int i = 0; i < 4; i++) {
        JobAssignment lease = claim("w" + i);
        leaseStatus(report(lease.jobId(), epoch(lease.leaseToken(), 1, true)));
        leases.add(lease);
      }
      CyclicBarrier start = new CyclicBarrier(leases.size());
      List<CompletableFuture<ResponseEntity<String>>> done = new ArrayList<>();
      for (JobAssignment lease : leases) {
        done.add(
            CompletableFuture.supplyAsync(
                () -> {
                  await(start);
                  return complete(lease.jobId(), lease.leaseToken());
                },
                pool));
      }
      for (CompletableFuture<ResponseEntity<String>> f : done) {
        assertThat(f.get().getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
      }
      assertThat(sweepStatus(sweep)).as("round %d", round).isEqualTo("SUCCEEDED");
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
