package dev.sweep.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.contract.ClaimRequest;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.LeaseStatus;
import dev.sweep.contract.WorkerPaths;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

class LeaseFencingTest extends JobApiTest {
  @Autowired MeterRegistry meters;
  private static final Duration LEASE = Duration.ofSeconds(60);

  @Test
  void heartbeatExtendsTheLeaseFromNowAndRecordsProgress() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 5);
    JobAssignment a = claim("w1");
    assertThat(a.leaseExpiresAt()).isEqualTo(JobTestConfig.START.plus(LEASE));

    clock.advance(Duration.ofSeconds(45));
    LeaseStatus status = leaseStatus(heartbeat(row.jobId(), a.leaseToken(), 2));

    assertThat(status.leaseExpiresAt()).isEqualTo(clock.instant().plus(LEASE));
    assertThat(status.cancelRequested()).isFalse();
    assertThat(job(row.jobId()))
        .containsEntry("lease_expires_at", Timestamp.from(clock.instant().plus(LEASE)))
        .containsEntry("current_epoch", 2);
    assertThat(
            jdbc.queryForObject("SELECT last_seen_at FROM worker WHERE id = 'w1'", Timestamp.class))
        .isEqualTo(Timestamp.from(clock.instant()));

    assertThat(
            problem(heartbeat(row.jobId(), a.leaseToken(), 6), HttpStatus.BAD_REQUEST)
                .path("field")
                .asText())
        .isEqualTo("currentEpoch");

    // past the first expiry, but within the extended lease: the reaper leaves it alone
    clock.advance(Duration.ofSeconds(50));
    assertThat(reaper.reap()).isZero();
    assertThat(job(row.jobId())).containsEntry("status", "RUNNING");
  }

  @Test
  void expiredLeaseIsRequeuedWithTheNextAttemptAndTheOldTokenIsFencedOff() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 2, 4);
    JobAssignment first = claim("w1");
    assertThat(report(row.jobId(), epoch(first.leaseToken(), 1, false)).getStatusCode())
        .isEqualTo(HttpStatus.OK);

    double reapedBefore = meters.counter("sweep.jobs.reaped", "outcome", "QUEUED").count();
    clock.advance(LEASE.plusSeconds(1));
    assertThat(reaper.reap()).isEqualTo(1);

    assertThat(meters.counter("sweep.jobs.reaped", "outcome", "QUEUED").count())
        .isEqualTo(reapedBefore + 1);
    assertThat(job(row.jobId()))
        .containsEntry("status", "QUEUED")
        .containsEntry("attempt", 2)
        .containsEntry("lease_token", null)
        .containsEntry("worker_id", null)
        .containsEntry("error", "lease expired on attempt 1 (worker w1)");
    assertThat(trialStatuses(row.jobId())).containsOnly("QUEUED");
    assertThat(events(row.sweepId(), "job").get(1).path("status").asText()).isEqualTo("QUEUED");

    String before = everything(row.jobId());
    long stale = first.leaseToken();
    assertStale(heartbeat(row.jobId(), stale, 1));
    assertStale(report(row.jobId(), epoch(stale, 2, true)));
    assertStale(complete(row.jobId(), stale));
    assertStale(fail(row.jobId(), stale, "boom", true));
    assertStale(release(row.jobId(), stale));
    assertStale(upload(row.jobId(), 1, stale, new byte[] {1, 2, 3}));
    assertThat(everything(row.jobId())).isEqualTo(before);

    // a new lease on the same job: the old token stays stale, the new one works
    JobAssignment second = claim("w2");
    assertThat(second.jobId()).isEqualTo(row.jobId());
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(second.leaseToken()).isNotEqualTo(stale);
    assertStale(heartbeat(row.jobId(), stale, 1));
    assertThat(heartbeat(row.jobId(), second.leaseToken(), 1).getStatusCode())
        .isEqualTo(HttpStatus.OK);
  }

  @Test
  void afterMaxAttemptsAnExpiredJobFailsWithTheReasonKept() {
    JobFixtures.JobRow row = fixtures.jobWithAttempts(fixtures.sweep(), 2, 3);
    for (int attempt = 1; attempt <= 2; attempt++) {
      JobAssignment a = claim("w" + attempt);
      assertThat(a.attempt()).isEqualTo(attempt);
      // its worker heard the claim, then vanished (a claim never heard from costs nothing:
      // UnheardClaimTest)
      assertThat(heartbeat(row.jobId(), a.leaseToken(), 0).getStatusCode())
          .isEqualTo(HttpStatus.OK);
      clock.advance(LEASE.plusSeconds(1));
      assertThat(reaper.reap()).isEqualTo(1);
    }

    assertThat(job(row.jobId()))
        .containsEntry("status", "FAILED")
        .containsEntry("attempt", 2)
        .containsEntry("error", "lease expired after 2 attempts")
        .containsEntry("lease_token", null)
        .containsEntry("finished_at", Timestamp.from(clock.instant()));
    assertThat(trialStatuses(row.jobId())).containsOnly("FAILED");
    assertThat(sweepStatus(row.sweepId())).isEqualTo("FAILED");
    assertThat(post(WorkerPaths.CLAIM, new ClaimRequest("w3", 0)).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
  }

  @Test
  void aCancelledJobWhoseWorkerVanishedIsCancelledNotRetried() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 3);
    claim("w1");
    fixtures.requestCancel(row.jobId());

    clock.advance(LEASE.plusSeconds(1));
    assertThat(reaper.reap()).isEqualTo(1);

    assertThat(job(row.jobId())).containsEntry("status", "CANCELLED");
    assertThat(trialStatuses(row.jobId())).containsOnly("CANCELLED");
    assertThat(sweepStatus(row.sweepId())).isEqualTo("CANCELLED");
  }

  @Test
  void unknownJobIs404AndAWrongTokenOnALiveLeaseIs409() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 3);
    JobAssignment a = claim("w1");

    assertThat(
            problem(heartbeat(999_999, a.leaseToken(), 0), HttpStatus.NOT_FOUND)
                .path("detail")
                .asText())
        .contains("999999");
    String before = everything(row.jobId());
    assertStale(heartbeat(row.jobId(), a.leaseToken() + 1, 1));
    assertStale(report(row.jobId(), epoch(a.leaseToken() + 1, 1, false)));
    assertThat(everything(row.jobId())).isEqualTo(before);
  }

  @Test
  void leaseTokensAreRandomAndAWrongOneRevealsNothing() {
    long sweep = fixtures.sweep();
    List<Long> tokens = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      fixtures.job(sweep, 3);
      tokens.add(claim("w" + i).leaseToken());
    }
    assertThat(tokens).doesNotHaveDuplicates();
    // not a sequence: neighbours are not one apart, and the high bits are used
    assertThat(tokens.stream().filter(t -> tokens.contains(t + 1))).isEmpty();
    assertThat(tokens.stream().filter(t -> Math.abs(t) > (1L << 40))).isNotEmpty();
    assertThat(
            jdbc.queryForList(
                "SELECT relname FROM pg_class WHERE relname = 'lease_token_seq'", String.class))
        .isEmpty();

    // a live lease, an ended one and one never claimed answer the same 409, and change nothing
    JobFixtures.JobRow ended = fixtures.job(sweep, 1);
    JobAssignment e = claim("w-ended");
    leaseStatus(report(ended.jobId(), epoch(e.leaseToken(), 1, true)));
    complete(ended.jobId(), e.leaseToken());
    JobFixtures.JobRow queued = fixtures.job(sweep, 1);
    long live = jdbc.queryForObject("SELECT min(id) FROM job", Long.class);
    for (long jobId : List.of(live, ended.jobId(), queued.jobId())) {
      String before = everything(jobId);
      JsonNode refused = problem(heartbeat(jobId, 12345, 0), HttpStatus.CONFLICT);
      assertThat(refused.path("detail").asText()).isEqualTo(LeaseFence.STALE);
      assertThat(refused.path("title").asText()).isEqualTo("Conflict");
      assertThat(refused.has("field")).isFalse();
      assertThat(everything(jobId)).isEqualTo(before);
    }
  }
}
