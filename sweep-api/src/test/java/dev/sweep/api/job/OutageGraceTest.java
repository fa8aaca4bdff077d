package dev.sweep.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.contract.JobAssignment;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * Outage grace and the epoch wall time, with the hand-moved clock: after the service comes back
 * (API start, a pause, the database back) no lease is taken back until a full lease duration of up
 * time has passed, and one that lapsed across the outage costs no attempt.
 */
class OutageGraceTest extends JobApiTest {
  private static final Duration LEASE = Duration.ofSeconds(60);

  @Test
  void afterARestartNoLeaseIsTakenBackWithinALeaseOfUpTimeAndTheLapseCostsNoAttempt() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 3);
    claim("w1");
    // the API goes away 10 s after the claim and is back 50 s later, at START + 60 s
    clock.advance(Duration.ofSeconds(60));
    uptime.restart("test: API started again");

    clock.advance(
        Duration.ofSeconds(30)); // the lease expired 30 s ago, but the worker had no chance
    assertThat(reaper.reap()).isZero();
    assertThat(job(row.jobId())).containsEntry("status", "RUNNING");

    clock.advance(Duration.ofSeconds(31)); // a full lease of up time, and no heartbeat came
    assertThat(reaper.reap()).isEqualTo(1);
    assertThat(job(row.jobId()))
        .containsEntry("status", "QUEUED")
        .containsEntry("attempt", 1)
        .containsEntry(
            "error",
            "lease of worker w1 lapsed across an outage of the API or its database; not counted"
                + " as an attempt");
  }

  @Test
  void aWorkerThatRenewsWithinTheGraceKeepsItsJob() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 3);
    JobAssignment a = claim("w1");
    clock.advance(Duration.ofSeconds(90));
    uptime.restart("test: database back");

    // its lease ran out during the outage; the fence is the token, so the heartbeat revives it
    assertThat(heartbeat(row.jobId(), a.leaseToken(), 1).getStatusCode()).isEqualTo(HttpStatus.OK);
    clock.advance(LEASE.minusSeconds(1));
    assertThat(reaper.reap()).isZero();
    assertThat(job(row.jobId())).containsEntry("status", "RUNNING").containsEntry("attempt", 1);
  }

  @Test
  void aLeaseThatExpiresWhileTheServiceIsUpStillCostsAnAttempt() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 3);
    uptime.restart("test: API started");
    clock.advance(Duration.ofSeconds(5));
    // claimed after the service came up: its worker had every chance to renew
    JobAssignment a = claim("w1");
    // and heard the claim (one never heard from costs nothing: UnheardClaimTest)
    assertThat(heartbeat(row.jobId(), a.leaseToken(), 0).getStatusCode()).isEqualTo(HttpStatus.OK);

    clock.advance(LEASE.plusSeconds(1));
    assertThat(reaper.reap()).isEqualTo(1);
    assertThat(job(row.jobId()))
        .containsEntry("status", "QUEUED")
        .containsEntry("attempt", 2)
        .containsEntry("error", "lease expired on attempt 1 (worker w1)");
  }

  @Test
  void aPauseOfTheApiLongerThanTheLeaseIsNoticedByTheReaperAndChargesNothing() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 3);
    claim("w1");
    reaper.scheduled(); // a run on time

    // SIGSTOP: the monotonic clock and the wall clock both move on. This context's reaper runs
    // hourly, so its next run is late once more than two intervals have passed
    clock.advance(Duration.ofSeconds(85));
    reaper.noticePause(System.nanoTime() + Duration.ofHours(3).toNanos());
    assertThat(uptime.upSince()).isEqualTo(clock.instant());
    assertThat(reaper.reap()).isZero();
    assertThat(job(row.jobId())).containsEntry("status", "RUNNING");

    clock.advance(LEASE);
    assertThat(reaper.reap()).isEqualTo(1);
    assertThat(job(row.jobId())).containsEntry("status", "QUEUED").containsEntry("attempt", 1);
  }

  @Test
  void anEpochRunningPastTheWallTimeFailsTheJobWithTheReasonAndIsNotRetried() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 3);
    JobAssignment a = claim("w1");
    // epoch 1 takes 20 minutes: fine under the 30-minute default
    for (int s = 50; s <= 20 * 60; s += 50) {
      clock.advance(Duration.ofSeconds(50));
      heartbeat(row.jobId(), a.leaseToken(), 0);
    }
    assertThat(report(row.jobId(), epoch(a.leaseToken(), 1, false)).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    // epoch 2 hangs in native code while the heartbeat thread keeps the lease alive
    for (int s = 50; s <= 30 * 60; s += 50) {
      clock.advance(Duration.ofSeconds(50));
      assertThat(reaper.reap()).isZero();
      heartbeat(row.jobId(), a.leaseToken(), 1);
    }
    clock.advance(Duration.ofSeconds(50));

    assertThat(reaper.reap()).isEqualTo(1);
    assertThat(job(row.jobId()))
        .containsEntry("status", "FAILED")
        .containsEntry("attempt", 1)
        .containsEntry(
            "error", "epoch 2 ran longer than 30m (sweep.limits.epoch-wall-time); not retried");
    assertThat(trialStatuses(row.jobId())).containsOnly("FAILED");
    assertStale(heartbeat(row.jobId(), a.leaseToken(), 1));
  }
}
