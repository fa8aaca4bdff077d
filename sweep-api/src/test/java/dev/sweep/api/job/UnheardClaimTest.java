package dev.sweep.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sweep.api.support.TestTokens;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.WorkerPaths;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;

/**
 * A claim its worker never heard of: a worker killed while its claim long-polls leaves the request
 * open, and the API hands the next queued job to the dead client. Its lease expires unheard (no
 * heartbeat, no epoch report), and the job goes back without costing an attempt.
 */
class UnheardClaimTest extends JobApiTest {
  private static final Duration LEASE = Duration.ofSeconds(60);

  @Autowired JobQueueSignal signal;
  @LocalServerPort int port;

  @Test
  void aDeadWorkersOpenClaimTakesAJobThatGoesBackWithoutCostingAnAttempt() throws Exception {
    long sweep = fixtures.sweep();
    String body = "{\"workerId\":\"killed\",\"waitMillis\":15000}";
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + WorkerPaths.CLAIM
                  + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                  + "Authorization: "
                  + TestTokens.bearer(TestTokens.WORKER)
                  + "\r\nContent-Length: "
                  + body.length()
                  + "\r\n\r\n"
                  + body)
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // the claim has begun its long poll once it recorded its worker as seen
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  jdbc.queryForObject("SELECT count(*) FROM worker WHERE id = 'killed'", Long.class)
                      == 1);
    } // the worker dies: its connection closes, the request stays in its long poll

    JobFixtures.JobRow row = fixtures.job(sweep, 3);
    signal.jobsQueued();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "killed".equals(job(row.jobId()).get("worker_id")));
    assertThat(job(row.jobId())).containsEntry("status", "RUNNING").containsEntry("attempt", 1);

    clock.advance(LEASE.plusSeconds(1));
    assertThat(reaper.reap()).isEqualTo(1);
    assertThat(job(row.jobId()))
        .containsEntry("status", "QUEUED")
        .containsEntry("attempt", 1)
        .containsEntry("unheard_requeues", 1)
        .containsEntry(
            "error",
            "worker killed never confirmed its claim (no heartbeat or epoch report before the"
                + " lease expired); not counted as an attempt");

    JobAssignment next = claim("w2");
    assertThat(next.jobId()).isEqualTo(row.jobId());
    assertThat(next.attempt()).isEqualTo(1);
  }

  @Test
  void aLeaseHeardFromOnceStillCostsAnAttemptWhenItExpires() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 3);
    JobAssignment a = claim("w1");
    assertThat(heartbeat(row.jobId(), a.leaseToken(), 0).getStatusCode()).isEqualTo(HttpStatus.OK);

    clock.advance(LEASE.plusSeconds(1));
    assertThat(reaper.reap()).isEqualTo(1);
    assertThat(job(row.jobId()))
        .containsEntry("status", "QUEUED")
        .containsEntry("attempt", 2)
        .containsEntry("unheard_requeues", 0)
        .containsEntry("error", "lease expired on attempt 1 (worker w1)");
  }

  @Test
  void aJobWhoseClaimsAreNeverHeardFromIsChargedAfterItsMaxAttemptsOfThem() {
    // as a job that kills its worker before the first heartbeat would be: it must still end
    JobFixtures.JobRow row = fixtures.jobWithAttempts(fixtures.sweep(), 2, 3);
    int[] attempts = new int[4];
    for (int i = 0; i < 4; i++) {
      attempts[i] = claim("w" + i).attempt();
      clock.advance(LEASE.plusSeconds(1));
      assertThat(reaper.reap()).isEqualTo(1);
    }

    assertThat(attempts).containsExactly(1, 1, 1, 2);
    assertThat(job(row.jobId()))
        .containsEntry("status", "FAILED")
        .containsEntry("unheard_requeues", 2)
        .containsEntry("error", "lease expired after 2 attempts");
  }
}
